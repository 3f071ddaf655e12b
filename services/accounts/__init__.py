"""Connected accounts: OAuth, platform connectors, sync, token encryption and imports of platform exports."""
