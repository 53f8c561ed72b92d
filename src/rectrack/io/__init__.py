"""Ledgers in other formats: spreadsheet files read into grids (`grid`), cells read as
rectrack's values (`cells`), and a whole office ledger turned into one round (`ledger`).

Bytes in, plain data out: nothing here prints, asks or touches a file; the
`rectrack import` command decides where the round goes.
"""
