"""Understanding free text: what a typed message asks for (an intent), learnt from examples.

``examples`` reads the example files (``locales/nlu/*.yml``), ``model`` trains and caches the
classifier, ``evaluate`` measures it on labelled lines (``micuenta intents --eval``).
"""
