"""Plausible ranges for catalog values, per 100 g: a typo stops at the form, not in a report.

The ceilings sit just above the highest values in USDA SR28 (cream of tartar 16,500 mg
potassium, rice bran 781 mg magnesium, baking powder 7,364 mg calcium, table salt 38,758 mg
sodium, beef tallow 902 kcal), so every real food fits and 20 g of potassium does not.
"""

PER_100_G_MAXIMUM = {
    "potassium_mg": 17_000,
    "magnesium_mg": 1_000,
    "calcium_mg": 8_000,
    "sodium_mg": 40_000,
    "energy_kcal": 950,
    "water_g": 100,
}

# A portion heavier than this is surely a typo (a litre of soup is 1,000 g).
PORTION_MAXIMUM_GRAMS = 5_000
