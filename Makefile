# The two commands of the README. Both install what is missing first.
.PHONY: setup run test centre package

setup:
	scripts/setup.sh

run: setup
	scripts/run.sh

test: setup
	scripts/test.sh

# A local PostgreSQL centre store for trying twenty desks on one machine
# (prints the URL for AUSKUNFT_DATABASE_URL; `scripts/centre.sh stop` ends it).
centre: setup
	scripts/centre.sh start

# The Debian package for the desks (prints the .deb's path); see README, "Install on a desk".
package: setup
	scripts/package.sh
