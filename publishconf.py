"""Production overrides: the public address, and future-dated articles held back."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://phucthanh.example.vn")
FEED_DOMAIN = SITEURL
# An article dated tomorrow appears when a build runs tomorrow (deploy/ has a daily timer);
# one dated later today is published now (Pelican's WITH_FUTURE_DATES would hold it by the hour).
PORTAL_HOLD_FUTURE = True

# make deploy: where the site goes ("user@host:/srv/phuong" over ssh, or a folder).
PORTAL_DEPLOY_TARGET = os.environ.get("PORTAL_DEPLOY_TARGET", "")

# EMC, the national monitoring system of state portals (docs/legal.md): paste the addresses
# of the snippet the ward was given, e.g. through the environment on the server. Until then
# `portal check` reminds the officer, and no page loads anything from another site.
EMC_SCRIPT_URL = os.environ.get("PORTAL_EMC_SCRIPT_URL", "")
EMC_BADGE_LINK = os.environ.get("PORTAL_EMC_BADGE_LINK", "")
EMC_BADGE_IMAGE = os.environ.get("PORTAL_EMC_BADGE_IMAGE", "")
