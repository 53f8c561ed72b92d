"""`python -m rectrack` runs the command line."""

from .cli import main

main()
