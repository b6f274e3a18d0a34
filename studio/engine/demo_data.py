"""The demo's content: real countries with their capitals, generated towns, recipes, articles
in several languages (one right-to-left), pages and the site settings. Generated parts use a
seeded random generator, so every build of the demo holds the same rows.

Every text is plain except `MARKUP_LIKE`, one text body that looks like console markup, so the
screens can prove that values are shown as typed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Final

# name|ISO code|capital|capital population (thousands, rounded)
COUNTRIES: Final = """
Afghanistan|AF|Kabul|4601;Albania|AL|Tirana|557;Algeria|DZ|Algiers|2988
Andorra|AD|Andorra la Vella|23;Angola|AO|Luanda|8330
Antigua and Barbuda|AG|Saint John's|22;Argentina|AR|Buenos Aires|3121
Armenia|AM|Yerevan|1093;Australia|AU|Canberra|467;Austria|AT|Vienna|1982;Azerbaijan|AZ|Baku|2303
Bahamas|BS|Nassau|274;Bahrain|BH|Manama|157;Bangladesh|BD|Dhaka|10278;Barbados|BB|Bridgetown|110
Belarus|BY|Minsk|1996;Belgium|BE|Brussels|1222;Belize|BZ|Belmopan|24;Benin|BJ|Porto-Novo|264
Bhutan|BT|Thimphu|115;Bolivia|BO|Sucre|300;Bosnia and Herzegovina|BA|Sarajevo|275
Botswana|BW|Gaborone|246;Brazil|BR|Brasília|4804;Brunei|BN|Bandar Seri Begawan|100
Bulgaria|BG|Sofia|1248;Burkina Faso|BF|Ouagadougou|2453;Burundi|BI|Gitega|135
Cabo Verde|CV|Praia|159;Cambodia|KH|Phnom Penh|2282;Cameroon|CM|Yaoundé|4164;Canada|CA|Ottawa|1017
Central African Republic|CF|Bangui|889;Chad|TD|N'Djamena|1533;Chile|CL|Santiago|6903
China|CN|Beijing|21893;Colombia|CO|Bogotá|7968;Comoros|KM|Moroni|62;Congo|CG|Brazzaville|2388
Costa Rica|CR|San José|352;Côte d'Ivoire|CI|Yamoussoukro|362;Croatia|HR|Zagreb|767
Cuba|CU|Havana|2130;Cyprus|CY|Nicosia|330;Czechia|CZ|Prague|1357;Denmark|DK|Copenhagen|660
Democratic Republic of the Congo|CD|Kinshasa|16316;Djibouti|DJ|Djibouti|604
Dominica|DM|Roseau|15;Dominican Republic|DO|Santo Domingo|1029;Ecuador|EC|Quito|2011
Egypt|EG|Cairo|10230;El Salvador|SV|San Salvador|570;Equatorial Guinea|GQ|Malabo|297
Eritrea|ER|Asmara|963;Estonia|EE|Tallinn|454;Eswatini|SZ|Mbabane|94;Ethiopia|ET|Addis Ababa|3945
Fiji|FJ|Suva|94;Finland|FI|Helsinki|664;France|FR|Paris|2103;Gabon|GA|Libreville|703
Gambia|GM|Banjul|31;Georgia|GE|Tbilisi|1202;Germany|DE|Berlin|3755;Ghana|GH|Accra|2557
Greece|GR|Athens|643;Grenada|GD|Saint George's|38;Guatemala|GT|Guatemala City|1221
Guinea|GN|Conakry|1936;Guinea-Bissau|GW|Bissau|492;Guyana|GY|Georgetown|118
Haiti|HT|Port-au-Prince|987;Honduras|HN|Tegucigalpa|1273;Hungary|HU|Budapest|1706
Iceland|IS|Reykjavík|139;India|IN|New Delhi|249;Indonesia|ID|Jakarta|10562;Iran|IR|Tehran|8694
Iraq|IQ|Baghdad|7665;Ireland|IE|Dublin|592;Israel|IL|Jerusalem|981;Italy|IT|Rome|2749
Jamaica|JM|Kingston|662;Japan|JP|Tokyo|14094;Jordan|JO|Amman|4061;Kazakhstan|KZ|Astana|1354
Kenya|KE|Nairobi|4397;Kiribati|KI|Tarawa|64;Kuwait|KW|Kuwait City|3115;Kyrgyzstan|KG|Bishkek|1145
Laos|LA|Vientiane|948;Latvia|LV|Riga|605;Lebanon|LB|Beirut|2421;Lesotho|LS|Maseru|330
Liberia|LR|Monrovia|1569;Libya|LY|Tripoli|1165;Liechtenstein|LI|Vaduz|6;Lithuania|LT|Vilnius|592
Luxembourg|LU|Luxembourg|132;Madagascar|MG|Antananarivo|1275;Malawi|MW|Lilongwe|989
Malaysia|MY|Kuala Lumpur|1982;Maldives|MV|Malé|211;Mali|ML|Bamako|2713;Malta|MT|Valletta|6
Marshall Islands|MH|Majuro|28;Mauritania|MR|Nouakchott|1315;Mauritius|MU|Port Louis|147
Mexico|MX|Mexico City|9209;Micronesia|FM|Palikir|7;Moldova|MD|Chișinău|639;Monaco|MC|Monaco|39
Mongolia|MN|Ulaanbaatar|1645;Montenegro|ME|Podgorica|190;Morocco|MA|Rabat|577
Mozambique|MZ|Maputo|1101;Myanmar|MM|Naypyidaw|925;Namibia|NA|Windhoek|431;Nauru|NR|Yaren|1
Nepal|NP|Kathmandu|845;Netherlands|NL|Amsterdam|921;New Zealand|NZ|Wellington|215
Nicaragua|NI|Managua|1055;Niger|NE|Niamey|1334;Nigeria|NG|Abuja|1235;North Korea|KP|Pyongyang|2870
North Macedonia|MK|Skopje|526;Norway|NO|Oslo|709;Oman|OM|Muscat|1421;Pakistan|PK|Islamabad|1015
Palau|PW|Ngerulmud|1;Panama|PA|Panama City|880;Papua New Guinea|PG|Port Moresby|383
Paraguay|PY|Asunción|522;Peru|PE|Lima|9752;Philippines|PH|Manila|1846;Poland|PL|Warsaw|1861
Portugal|PT|Lisbon|545;Qatar|QA|Doha|1186;Romania|RO|Bucharest|1716;Russia|RU|Moscow|13010
Rwanda|RW|Kigali|1156;Saint Kitts and Nevis|KN|Basseterre|14;Saint Lucia|LC|Castries|20
Saint Vincent and the Grenadines|VC|Kingstown|13;Samoa|WS|Apia|37;San Marino|SM|San Marino|4
São Tomé and Príncipe|ST|São Tomé|90;Saudi Arabia|SA|Riyadh|7676;Senegal|SN|Dakar|1438
Serbia|RS|Belgrade|1198;Seychelles|SC|Victoria|26;Sierra Leone|SL|Freetown|1055
Singapore|SG|Singapore|5637;Slovakia|SK|Bratislava|475;Slovenia|SI|Ljubljana|295
Solomon Islands|SB|Honiara|92;Somalia|SO|Mogadishu|2388;South Africa|ZA|Pretoria|2473
South Korea|KR|Seoul|9411;South Sudan|SS|Juba|525;Spain|ES|Madrid|3305;Sri Lanka|LK|Colombo|753
Sudan|SD|Khartoum|6160;Suriname|SR|Paramaribo|241;Sweden|SE|Stockholm|984
Switzerland|CH|Bern|134;Syria|SY|Damascus|2503;Taiwan|TW|Taipei|2602;Tajikistan|TJ|Dushanbe|1201
Tanzania|TZ|Dodoma|765;Thailand|TH|Bangkok|10539;Timor-Leste|TL|Dili|278;Togo|TG|Lomé|1785
Tonga|TO|Nuku'alofa|23;Trinidad and Tobago|TT|Port of Spain|37;Tunisia|TN|Tunis|1056
Turkey|TR|Ankara|5747;Turkmenistan|TM|Ashgabat|1031;Tuvalu|TV|Funafuti|7;Uganda|UG|Kampala|1680
Ukraine|UA|Kyiv|2952;United Arab Emirates|AE|Abu Dhabi|1483;United Kingdom|GB|London|8982
United States|US|Washington|690;Uruguay|UY|Montevideo|1320;Uzbekistan|UZ|Tashkent|2956
Vanuatu|VU|Port Vila|51;Vatican City|VA|Vatican City|1;Venezuela|VE|Caracas|2245
Vietnam|VN|Hanoi|8054;Yemen|YE|Sana'a|3292;Zambia|ZM|Lusaka|2731;Zimbabwe|ZW|Harare|1542
"""

_PREFIXES: Final = ("", "", "", "New ", "Port ", "San ", "Saint ", "Upper ", "Lower ", "Fort ",
                    "East ", "West ", "North ", "South ", "Lake ", "Mount ")  # fmt: skip
_STARTS: Final = ("Al", "Bel", "Cor", "Dar", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kel",
                  "Lin", "Mar", "Nor", "Or", "Pel", "Quin", "Ros", "Sal", "Tor", "Ul", "Val",
                  "Wes", "Yar", "Zan", "Ber", "Cas", "Dun", "Esk", "Mon", "Ash", "Bri")  # fmt: skip
_MIDDLES: Final = ("", "", "a", "e", "i", "o", "an", "en", "in", "ar", "er", "or", "el")
_ENDS: Final = ("ton", "ville", "burg", "field", "ford", "haven", "mouth", "dale", "stad",
                "grad", "polis", "ia", "wick", "mere", "bury", "port", "ham", "sk", "ova",
                "ino", "ara", "heim", "by", "thorpe")  # fmt: skip


def countries() -> list[dict[str, str | int]]:
    rows = []
    for entry in COUNTRIES.replace("\n", ";").split(";"):
        if entry.strip():
            name, code, capital, population = entry.strip().split("|")
            rows.append({"name": name, "code": code, "capital": capital,
                         "capital_population": int(population) * 1000})  # fmt: skip
    return rows


def town_names(count: int, seed: int) -> Iterator[tuple[str, int]]:
    """`count` plausible town names with populations; the same seed gives the same towns."""
    rng = random.Random(seed)
    for _ in range(count):
        name = (rng.choice(_PREFIXES) + rng.choice(_STARTS) + rng.choice(_MIDDLES)
                + rng.choice(_ENDS))  # fmt: skip
        population = int(rng.lognormvariate(9.5, 1.3))
        yield name, max(population, 120)


INGREDIENTS: Final = (
    "flour", "sugar", "butter", "eggs", "milk", "salt", "black pepper", "olive oil", "garlic",
    "onion", "tomatoes", "basil", "parmesan", "spaghetti", "rice", "chicken thighs", "lemon",
    "ginger", "soy sauce", "coconut milk", "curry paste", "chickpeas", "cumin", "paprika",
    "carrots", "celery", "potatoes", "cream", "mushrooms", "thyme", "baking powder",
    "dark chocolate", "vanilla", "honey", "yoghurt", "cucumber", "mint", "red lentils",
    "spinach", "feta",
)  # fmt: skip

# title, servings, minutes, description, [(ingredient, quantity)]
RECIPES: Final = (
    ("Spaghetti al pomodoro", 4, 30, "Tomatoes cooked down with garlic and basil.",
     [("spaghetti", "400 g"), ("tomatoes", "800 g"), ("garlic", "3 cloves"),
      ("olive oil", "4 tbsp"), ("basil", "1 bunch"), ("parmesan", "50 g")]),
    ("Pancakes", 4, 20, "Thin pancakes for a slow Sunday.",
     [("flour", "250 g"), ("milk", "500 ml"), ("eggs", "3"), ("butter", "30 g"),
      ("salt", "1 pinch")]),
    ("Chicken curry", 4, 45, "A mild curry with coconut milk.",
     [("chicken thighs", "600 g"), ("curry paste", "3 tbsp"), ("coconut milk", "400 ml"),
      ("onion", "1"), ("ginger", "2 cm"), ("rice", "300 g")]),
    ("Hummus", 6, 10, "Smooth chickpea dip with lemon and garlic.",
     [("chickpeas", "400 g"), ("lemon", "1"), ("garlic", "1 clove"), ("olive oil", "3 tbsp"),
      ("cumin", "1 tsp")]),
    ("Mushroom risotto", 4, 40, "Creamy rice with mushrooms and thyme.",
     [("rice", "320 g"), ("mushrooms", "300 g"), ("onion", "1"), ("butter", "40 g"),
      ("parmesan", "60 g"), ("thyme", "4 sprigs")]),
    ("Chocolate brownies", 12, 50, "Dense and fudgy.",
     [("dark chocolate", "200 g"), ("butter", "175 g"), ("sugar", "250 g"), ("eggs", "3"),
      ("flour", "85 g"), ("vanilla", "1 tsp")]),
    ("Red lentil soup", 4, 35, "Lentils, carrots and cumin; ready in half an hour.",
     [("red lentils", "250 g"), ("carrots", "2"), ("onion", "1"), ("cumin", "2 tsp"),
      ("lemon", "1/2")]),
    ("Tzatziki", 4, 10, "Yoghurt, cucumber and mint.",
     [("yoghurt", "400 g"), ("cucumber", "1"), ("garlic", "1 clove"), ("mint", "a handful"),
      ("olive oil", "1 tbsp")]),
    ("Roast potatoes", 4, 60, "Crisp outside, soft inside.",
     [("potatoes", "1 kg"), ("olive oil", "4 tbsp"), ("thyme", "4 sprigs"),
      ("salt", "to taste")]),
    ("Spinach and feta pie", 6, 70, "Layers of greens and cheese.",
     [("spinach", "500 g"), ("feta", "200 g"), ("eggs", "2"), ("onion", "1"),
      ("butter", "50 g")]),
    ("Honey yoghurt bowl", 1, 5, "Breakfast in five minutes.",
     [("yoghurt", "200 g"), ("honey", "1 tbsp"), ("mint", "a few leaves")]),
    ("Shakshuka", 2, 25, "Eggs poached in spiced tomatoes.",
     [("eggs", "4"), ("tomatoes", "400 g"), ("paprika", "1 tsp"), ("cumin", "1 tsp"),
      ("onion", "1"), ("garlic", "2 cloves")]),
)  # fmt: skip

# slug, {language: (title, summary)}
ARTICLES: Final = (
    ("welcome", {
        "en-US": ("Welcome to Studio", "A tour of the demo database."),
        "de-DE": ("Willkommen bei Studio", "Ein Rundgang durch die Demo-Datenbank."),
        "ar-SA": ("مرحبا بك في ستوديو", "جولة في قاعدة البيانات التجريبية."),
        "fr-FR": ("Bienvenue dans Studio", "Une visite de la base de démonstration."),
    }),
    ("relations", {
        "en-US": ("Relations explained", "M2O, O2M, M2M and M2A in one model."),
        "de-DE": ("Beziehungen erklärt", "M2O, O2M, M2M und M2A in einem Modell."),
        "ar-SA": ("شرح العلاقات", "العلاقات المختلفة في نموذج واحد."),
    }),
    ("translations", {
        "en-US": ("Content in many languages", "How the translations interface works."),
        "de-DE": ("Inhalte in vielen Sprachen", "Wie die Übersetzungen funktionieren."),
        "ar-SA": ("محتوى بلغات متعددة", "كيف تعمل واجهة الترجمات."),
        "fr-FR": ("Du contenu en plusieurs langues", "Le fonctionnement des traductions."),
    }),
    ("keyboard", {
        "en-US": ("Keyboard first", "Every action has a key."),
        "fr-FR": ("Le clavier d'abord", "Chaque action a sa touche."),
        "de-DE": ("Tastatur zuerst", "Jede Aktion hat eine Taste."),
    }),
    ("big-tables", {
        "en-US": ("A million rows", "Paging that stays fast on big tables."),
        "de-DE": ("Eine Million Zeilen", "Blättern, das auch bei großen Tabellen schnell bleibt."),
        "ar-SA": ("مليون صف", "تصفح سريع حتى مع الجداول الكبيرة."),
        "fr-FR": ("Un million de lignes", None),  # incomplete: no summary yet
    }),
    ("schema-changes", {
        "en-US": ("Schema changes that never half-apply", "Every change is one transaction."),
        "fr-FR": ("Des changements de schéma atomiques", "Chaque changement est une transaction."),
        "ar-SA": ("تغييرات المخطط الآمنة", "كل تغيير هو معاملة واحدة."),
    }),
)  # fmt: skip
# slug → the article's own fields; a draft has no publish date, the archived one keeps its own
ARTICLE_DETAILS: Final = {
    "welcome": {
        "status": "published", "featured": True, "reading_minutes": 3, "rating": "4.5",
        "tags": ["tour", "terminal"],
        "metadata": {"author": "Mara Lind", "words": 420, "reviewed": True},
        "external_id": "566bf9d7-c55a-45f8-91a6-e55e9b9b1325",
    },
    "relations": {
        "status": "published", "featured": False, "reading_minutes": 9, "rating": "4.8",
        "tags": ["terminal", "relations"],
        "metadata": {"author": "Jonas Berg", "words": 1250, "reviewed": True,
                     "sources": ["Directus guide", "SQL standard"]},
        "external_id": "5d96cf7f-265b-4da9-8f0c-26ef4243ed52",
    },
    "translations": {
        "status": "published", "featured": False, "reading_minutes": 6, "rating": "4.0",
        "tags": ["languages", "right-to-left"],
        "metadata": {"author": "Amira Haddad", "words": 900, "languages": 4},
        "external_id": "5e6a0a2e-dd70-434d-81d7-7cffb7decc0c",
    },
    "keyboard": {
        "status": "draft", "featured": False, "reading_minutes": 4, "rating": "3.5",
        "tags": ["terminal", "keyboard"],
        "metadata": {"author": "Mara Lind", "words": 610, "reviewed": False,
                     "todo": "Add the command palette."},
        "external_id": "b37523a5-3b4a-4ee2-8463-513755ac0ecd",
    },
    "big-tables": {
        "status": "published", "featured": True, "reading_minutes": 7, "rating": "4.2",
        "tags": ["performance"],
        "metadata": {"author": "Tomás Ruiz", "words": 1500,
                     "benchmark": {"rows": 1000000, "databases": ["SQLite", "PostgreSQL"]}},
        "external_id": "9823beb1-e6ba-4ad7-8de4-5321ad915a36",
    },
    "schema-changes": {
        "status": "archived", "featured": False, "reading_minutes": 5, "rating": "3.9",
        "tags": ["schema", "transactions"],
        "metadata": {"author": "Jonas Berg", "words": 1100, "replaced_by": "big-tables"},
        "external_id": "683447c1-0cc8-4f11-9d4e-abbd1fcfb980",
    },
}  # fmt: skip
RELATED_ARTICLES: Final = {
    "welcome": ["relations", "keyboard"],
    "relations": ["welcome", "translations"],
    "translations": ["relations"],
    "big-tables": ["schema-changes", "welcome"],
    "schema-changes": ["big-tables"],
}

MARKUP_LIKE: Final = "Notes [/x] and [bold]not bold[/bold]"

# title, slug, [(collection, item)]
PAGES: Final = (
    ("Home", "home", [
        ("headings", {"title": "A terminal data studio", "level": 1}),
        ("text_bodies", {"body": "Browse, edit and model relational data over SSH."}),
        ("images", {"title": "Screenshot", "url": "https://example.com/studio.png",
                    "alt": "The collections browser"}),
        ("text_bodies", {"body": "Works with SQLite and PostgreSQL."}),
    ]),
    ("About", "about", [
        ("headings", {"title": "Who we are", "level": 1}),
        ("text_bodies", {"body": "A small team that likes keyboards."}),
        ("headings", {"title": "Contact", "level": 2}),
        ("text_bodies", {"body": "Write to hello@example.com."}),
        ("galleries", {"title": "Our office", "images": [
            {"images_id": {"title": "Desks", "url": "https://example.com/desks.jpg",
                           "alt": "Four desks by a window"}},
            {"images_id": {"title": "Kitchen", "url": "https://example.com/kitchen.jpg",
                           "alt": "The office kitchen"}},
        ]}),
    ]),
    ("Pricing", "pricing", [
        ("headings", {"title": "Free and open source", "level": 1}),
        ("images", {"title": "Badge", "url": "https://example.com/mit.svg",
                    "alt": "MIT licence badge"}),
        ("text_bodies", {"body": MARKUP_LIKE}),
    ]),
)  # fmt: skip

# the one row of the `settings` singleton (next_maintenance is derived from the demo's date)
SETTINGS: Final = {
    "site_name": "Studio demo",
    "tagline": "Relational data in a terminal",
    "maintenance_mode": False,
    "opening_time": "08:30:00",
    "contact_email": "hello@example.org",
}

# folder, note, its collections in navigation order (folders keep this order too)
FOLDERS: Final = (
    ("content", "What the site publishes.", ("articles", "pages")),
    ("places", "Countries, their cities, and the languages content is written in.",
     ("countries", "cities", "languages")),
    ("kitchen", "Recipes and what goes into them.", ("recipes", "ingredients")),
    ("blocks", "The building blocks of pages.",
     ("headings", "text_bodies", "images", "galleries")),
)  # fmt: skip
NOTES: Final = {
    "countries": "The 195 countries of the world with their ISO codes and capitals.",
    "cities": "Capitals and generated towns, each in one country.",
    "languages": "The languages articles are translated into, with their writing direction.",
    "recipes": "Recipes with their ingredients and the quantity of each.",
    "ingredients": "Everything a recipe can call for.",
    "recipes_ingredients": "Which ingredients a recipe uses, and how much of each.",
    "articles": "Articles in several languages; archived ones are hidden from the list.",
    "articles_articles": "Links from an article to the articles related to it.",
    "articles_translations": "The title and summary of an article in one language.",
    "headings": "Headings placed on pages.",
    "text_bodies": "Paragraphs of text placed on pages.",
    "images": "Pictures placed on pages, with their alternative text.",
    "galleries": "A block of several pictures in order: a block with a relation of its own.",
    "galleries_images": "Which pictures a gallery shows, in order.",
    "pages": "Pages of the site, built from headings, text and images.",
    "pages_sections": "Which blocks a page shows, in order.",
    "settings": "The site's settings: one item, edited in place.",
}
