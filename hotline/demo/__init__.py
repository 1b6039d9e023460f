"""The demo center (issue 2 item 5): ``hotline demo-data`` builds it through ``build.build_demo``."""
