"""Realistic, varied names for synthetic people, from the languages of our users' floors."""

import unicodedata
from dataclasses import dataclass

import numpy as np

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NameOrigin:
    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    languages: tuple[str, ...]
    extra_languages: tuple[tuple[str, float], ...]


NAME_ORIGINS = (
    _NameOrigin(
        "pl",
        0.58,
        female=(
            "Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Aleksandra", "Monika",
            "Natalia", "Zuzanna", "Julia", "Maja", "Paulina", "Karolina", "Ewa", "Małgorzata",
            "Dorota", "Weronika", "Marta", "Justyna", "Beata", "Kinga", "Oliwia", "Alicja",
            "Izabela", "Patrycja",
        ),
        male=(
            "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Kamil",
            "Łukasz", "Mateusz", "Bartosz", "Grzegorz", "Adam", "Dawid", "Szymon", "Wojciech",
            "Rafał", "Maciej", "Sebastian", "Przemysław", "Filip", "Hubert", "Krystian",
            "Damian", "Jan",
        ),
        surnames=(
            "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
            "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
            "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski",
            "Nowakowski", "Pawłowski", "Michalski", "Adamczyk", "Dudek", "Zając", "Wieczorek",
            "Jabłoński", "Król", "Majewski", "Olszewski", "Jaworski", "Wróbel", "Malinowski",
            "Pawlak", "Witkowski", "Walczak", "Stępień", "Górski", "Rutkowski", "Sikora",
            "Baran", "Kaczmarek", "Czarnecki", "Kubiak", "Szczepański", "Zawadzki",
        ),
        languages=("pl", "en"),
        extra_languages=(("de", 0.2), ("ru", 0.05)),
    ),
    _NameOrigin(
        "fi",
        0.07,
        female=(
            "Aino", "Helmi", "Emilia", "Sofia", "Aada", "Venla", "Ella", "Kerttu", "Elina",
            "Johanna", "Laura", "Minna", "Sanna", "Tiina", "Hanna", "Satu", "Riikka", "Noora",
            "Päivi", "Liisa",
        ),
        male=(
            "Juha", "Mikko", "Timo", "Jari", "Antti", "Ville", "Janne", "Matti", "Pekka",
            "Lauri", "Eero", "Onni", "Eetu", "Aleksi", "Joonas", "Teemu", "Ilkka", "Tapio",
            "Henri", "Otto",
        ),
        surnames=(
            "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
            "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
            "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo",
            "Laitinen", "Tuominen", "Rantanen", "Karjalainen",
        ),
        languages=("fi", "en"),
        extra_languages=(("sv", 0.4), ("pl", 0.15)),
    ),
    _NameOrigin(
        "ro",
        0.10,
        female=(
            "Maria", "Elena", "Ioana", "Andreea", "Alexandra", "Mihaela", "Cristina", "Daniela",
            "Gabriela", "Roxana", "Bianca", "Irina", "Raluca", "Diana", "Oana", "Simona",
            "Corina", "Larisa", "Ana", "Teodora",
        ),
        male=(
            "Andrei", "Alexandru", "Ion", "Mihai", "Gabriel", "Ștefan", "Cristian", "Florin",
            "Adrian", "Bogdan", "Radu", "Vlad", "Marius", "Ionuț", "Constantin", "Dragoș",
            "Sorin", "Cătălin", "Răzvan", "Tudor",
        ),
        surnames=(
            "Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica",
            "Gheorghe", "Matei", "Ciobanu", "Rusu", "Constantin", "Mihai", "Marin", "Florea",
            "Dinu", "Munteanu", "Tudor", "Lungu", "Georgescu", "Moldovan", "Barbu", "Nistor",
            "Dobre",
        ),
        languages=("ro", "en"),
        extra_languages=(("fr", 0.25), ("it", 0.2), ("pl", 0.3)),
    ),
    _NameOrigin(
        "ru",
        0.16,
        female=(
            "Anastasia", "Ekaterina", "Maria", "Olga", "Tatiana", "Natalia", "Elena",
            "Svetlana", "Irina", "Yulia", "Daria", "Polina", "Ksenia", "Alina", "Viktoria",
            "Sofia", "Valeria", "Marina", "Anna", "Kristina",
        ),
        male=(
            "Alexei", "Dmitri", "Sergei", "Andrei", "Ivan", "Mikhail", "Nikolai", "Vladimir",
            "Pavel", "Maxim", "Artem", "Kirill", "Denis", "Roman", "Yuri", "Oleg", "Igor",
            "Konstantin", "Egor", "Ilya",
        ),
        surnames=(
            "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov",
            "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev",
            "Semenov", "Egorov", "Pavlov", "Kozlov", "Stepanov", "Nikolaev", "Orlov", "Zaitsev",
            "Belov", "Medvedev", "Sorokin",
        ),
        languages=("ru", "en"),
        extra_languages=(("pl", 0.6), ("uk", 0.3)),
    ),
    _NameOrigin(
        "en",
        0.09,
        female=(
            "Emma", "Olivia", "Charlotte", "Amelia", "Sophie", "Grace", "Emily", "Hannah",
            "Lucy", "Chloe", "Jessica", "Rebecca", "Sarah", "Laura", "Megan", "Holly", "Katie",
            "Rachel", "Eleanor", "Abigail",
        ),
        male=(
            "James", "Oliver", "Jack", "Harry", "George", "Thomas", "William", "Daniel",
            "Samuel", "Joseph", "Benjamin", "Matthew", "Ryan", "Luke", "Edward", "Henry",
            "Charlie", "Liam", "Adam", "Owen",
        ),
        surnames=(
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
            "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Hill",
            "Cooper",
        ),
        languages=("en",),
        extra_languages=(("pl", 0.4), ("de", 0.15)),
    ),
)  # fmt: skip


def _feminine_surname(origin: str, surname: str) -> str:
    if origin == "pl":
        for masculine, feminine in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if surname.endswith(masculine):
                return surname[: -len(masculine)] + feminine
    if origin == "ru" and surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    return surname


def _ascii_slug(text: str) -> str:
    # NFKD leaves Polish ł without a base letter, so map it by hand.
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in "-"))
    return letters.lower()


@dataclass(frozen=True)
class PersonName:
    display_name: str
    slug: str
    languages: tuple[str, ...]


def draw_name(rng: np.random.Generator) -> PersonName:
    weights = np.array([origin.weight for origin in NAME_ORIGINS])
    origin = NAME_ORIGINS[int(rng.choice(len(NAME_ORIGINS), p=weights / weights.sum()))]
    is_female = bool(rng.random() < 0.5)
    first_names = origin.female if is_female else origin.male
    first = first_names[int(rng.integers(len(first_names)))]
    surname = origin.surnames[int(rng.integers(len(origin.surnames)))]
    if is_female:
        surname = _feminine_surname(origin.key, surname)
    extras = tuple(lang for lang, chance in origin.extra_languages if rng.random() < chance)
    return PersonName(
        display_name=f"{first} {surname}",
        slug=f"{_ascii_slug(first)}.{_ascii_slug(surname)}",
        languages=origin.languages + extras,
    )
