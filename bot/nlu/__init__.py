"""Reading what people type: text normalisation, small readings of answers at a step
(yes/no, «no me llega»), the intent model learnt from examples, and what to do with free
text that matched no option.

``examples`` reads the example files (``locales/nlu/*.yml``), ``model`` trains and caches the
classifier, ``evaluate`` measures it on labelled lines (``micuenta intents --eval``).
"""
