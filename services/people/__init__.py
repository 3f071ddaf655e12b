"""People: profiles, brand partners and the invitations that join them."""
