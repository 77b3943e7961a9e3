"""Credits and payments: the credit's figures, payment options, payment references and CLABE
accounts."""
