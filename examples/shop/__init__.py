"""The usage guide's shop: users on one database, products on another, orders on the default."""
