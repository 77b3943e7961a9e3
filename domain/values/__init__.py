"""Values inside what people write: amounts, ages and years, statement periods, days. Each
module reads one kind from a whole sentence («gano como 8 mil al mes», «tengo 35», «del 2
al 4 de 2025», «mejor el martes») and returns ``None`` when the sentence holds none or
more than one, so the step can say how to write it. Pure functions, no clock reads."""
