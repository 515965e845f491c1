"""The facilitator's workbench: a local, server-rendered web page over the one answer function."""
