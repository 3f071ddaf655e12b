"""Tracked links and promo codes per deliverable: the links, their clicks (counted by the portal's own redirect
route, nothing personal kept), promo codes and their sales from the brand's shop."""
