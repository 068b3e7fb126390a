#!/usr/bin/env python3
# Deterministic sample-roster generator for Pengingat (PKH reminders).
#
# REFERENCE_DATE ("tanggal acuan") = 2026-11-16.
# Every date in the output (births, HPHT, deliveries) is computed relative to
# REFERENCE_DATE, never from today's date, and the random generator uses a
# fixed seed, so rerunning this script produces byte-identical files.
#
# Output: Config/contoh/{pendamping,posyandu,kelompok,kpm,anggota}.csv,
# written the way an Indonesian-locale Excel writes CSV: UTF-8 with BOM,
# ';' separator, CRLF line endings, dates as dd/mm/yyyy, minimal quoting.
#
# The roster is synthetic: Kelurahan Margabakti, Kecamatan Cibeureum,
# Kota Tasikmalaya (West Java, WIB). All people and phone numbers are
# fictional.
#
# Usage:
#   python3 scripts/generate-sample-roster.py           # generate, then check
#   python3 scripts/generate-sample-roster.py --check   # only check existing files
#   python3 scripts/generate-sample-roster.py --out DIR # write somewhere else
#
# Python 3.11, standard library only.

from __future__ import annotations

import argparse
import calendar
import csv
import re
import random
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

REFERENCE_DATE = date(2026, 11, 16)
SEED = 20261201

KELURAHAN = "Margabakti"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "Config" / "contoh"

HEADERS = {
    "pendamping.csv": ["id_pendamping", "nama", "no_hp", "email"],
    "posyandu.csv": ["id_posyandu", "nama", "kelurahan", "rw", "jadwal", "lokasi"],
    "kelompok.csv": [
        "id_kelompok", "nama_kelompok", "id_pendamping", "kelurahan", "rw",
        "zona_waktu", "jadwal", "lokasi", "mode", "pkh_akses", "ketua_id_kpm",
    ],
    "kpm.csv": [
        "id_kpm", "nama_pengurus", "no_hp", "no_hp_lain", "kanal", "bahasa",
        "id_kelompok", "rt", "rw", "alamat", "status",
    ],
    "anggota.csv": [
        "id_kpm", "nama", "hubungan", "jenis_kelamin", "tanggal_lahir",
        "komponen", "hpht", "tanggal_persalinan", "nama_sekolah",
    ],
}

# --------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------
N_KPM = 497
N_NO_PHONE = 25
N_SHARED_PAIRS = 25          # 50 households (~10%) share a number pairwise
N_NO_HP_LAIN = 40            # ~8%
N_NO_HP_LAIN_AMONG_NO_PHONE = 8
N_WHATSAPP = 149             # ~30%
N_BAHASA = {"su": 298, "id": 189, "jv": 10}
N_NONAKTIF = 10              # ~2%
N_BUMIL = 25
N_NIFAS = 8
N_INFANT_EXTRA = 32          # infants 0-18 months besides the 8 newborns
N_GRANDPARENT = 22           # one lansia grandparent each
N_ELDERLY_HH = 6             # households headed by a lansia woman
N_ELDERLY_WITH_HUSBAND = 2
N_DISABILITAS = 5
N_NEIGHBOUR_RW = 14          # households living in the RW next to their group's

# --------------------------------------------------------------------------
# Static reference data
# --------------------------------------------------------------------------
PENDAMPING = [
    ("PDP-01", "Dedi Kurniawan, S.Sos.", "081320457812", "dedi.kurniawan@example.org"),
    ("PDP-02", "Nia Rahmawati, S.Kesos.", "085223190466", "nia.rahmawati@example.org"),
]

POSYANDU = [
    # id, nama, rw, jadwal, lokasi
    ("PSY-01", "Posyandu Melati", "01", "tanggal 12 08.00", "Rumah Ibu Kader Enok, RT 02"),
    ("PSY-02", "Posyandu Mawar", "02", "Rabu ke-2 08.00", "Balai RW 02"),
    ("PSY-03", "Posyandu Anggrek", "03", "tanggal 5 08.00", "Rumah Ibu Kader Imas, RT 04"),
    ("PSY-04", "Posyandu Kenanga", "04", "Selasa ke-1 08.30", "Balai RW 04"),
    ("PSY-05", "Posyandu Dahlia", "05", "tanggal 8 08.00", "Madrasah Al-Hidayah, RT 03"),
    ("PSY-06", "Posyandu Flamboyan", "06", "Kamis ke-3 08.00", "Balai RW 06"),
    ("PSY-07", "Posyandu Cempaka", "07", "tanggal 15 08.30", "Rumah Ibu Kader Titin, RT 01"),
    ("PSY-08", "Posyandu Teratai", "08", "Senin ke-2 08.00", "Balai RW 08"),
    ("PSY-09", "Posyandu Seruni", "09", "tanggal 20 08.00", "Rumah Ibu Kader Yoyoh, RT 05"),
    ("PSY-10", "Posyandu Asoka", "10", "Sabtu ke-2 08.00", "Pos Kamling Perum Griya Margabakti, RT 02"),
]

# Groups: (id, name, pendamping, rw, rt half, size, zona, mode, jadwal)
# rt half: "lo" -> RT 001-004, "hi" -> RT 005-008 (two groups per RW).
GROUPS = [
    ("KLP-01", "Kelompok Sauyunan", "PDP-01", "01", "lo", 27, "WIB", "tatap_muka", "Selasa ke-2 09.00"),
    ("KLP-02", "Kelompok Silih Asih", "PDP-01", "01", "hi", 22, "WIB", "tatap_muka", "Kamis terakhir 13.30"),
    ("KLP-03", "Kelompok Sabilulungan", "PDP-01", "02", "lo", 30, "WIB", "tatap_muka", "tanggal 15 08.00"),
    ("KLP-04", "Kelompok Mekar Sari", "PDP-01", "02", "hi", 18, "WIB", "tatap_muka", "Senin ke-1 pukul 09.00"),
    ("KLP-05", "Kelompok Rancage", "PDP-01", "03", "lo", 25, "WIB", "tatap_muka", "rabu ke-3 jam 13:00"),
    ("KLP-06", "Kelompok Someah", "PDP-01", "03", "hi", 24, "WIB", "daring", "Jumat ke-2 08.30"),
    ("KLP-07", "Kelompok Harapan Jaya", "PDP-01", "04", "lo", 29, "Asia/Jakarta", "tatap_muka", "Sabtu ke-1 09.00"),
    ("KLP-08", "Kelompok Tunas Harapan", "PDP-01", "04", "hi", 21, "WIB", "tatap_muka", "Selasa ke-4 13.00"),
    ("KLP-09", "Kelompok Sekar Arum", "PDP-01", "05", "lo", 26, "WIB", "tatap_muka", "tanggal 6 pukul 14.00"),
    ("KLP-10", "Kelompok Cahaya Ibu", "PDP-01", "05", "hi", 26, "WIB", "tatap_muka", "Kamis ke-2 10.30"),
    ("KLP-11", "Kelompok Bina Sejahtera", "PDP-02", "06", "lo", 23, "WIB", "tatap_muka", "Senin ke-2 09.00"),
    ("KLP-12", "Kelompok Rukun Santosa", "PDP-02", "06", "hi", 28, "WIB", "tatap_muka", "Rabu ke-1 pukul 08.30"),
    ("KLP-13", "Kelompok Mandiri", "PDP-02", "07", "lo", 19, "WIB", "tatap_muka", "tanggal 10 13.00"),
    ("KLP-14", "Kelompok Layung Sari", "PDP-02", "07", "hi", 30, "Asia/Jakarta", "tatap_muka", "kamis ke-3 jam 09:00"),
    ("KLP-15", "Kelompok Mawar Bodas", "PDP-02", "08", "lo", 25, "WIB", "tatap_muka", "Selasa terakhir 13.30"),
    ("KLP-16", "Kelompok Karya Bakti", "PDP-02", "08", "hi", 24, "WIB", "tatap_muka", "Jumat ke-1 08.00"),
    ("KLP-17", "Kelompok Wargi Saluyu", "PDP-02", "09", "lo", 27, "WIB", "daring", "Sabtu ke-3 10.00"),
    ("KLP-18", "Kelompok Maju Bersama", "PDP-02", "09", "hi", 15, "WIB", "tatap_muka", "Rabu ke-4 13.00"),
    ("KLP-19", "Kelompok Sri Rahayu", "PDP-02", "10", "lo", 29, "WIB", "tatap_muka", "tanggal 20 13.30"),
    ("KLP-20", "Kelompok Bakti Ibu", "PDP-02", "10", "hi", 29, "WIB", "tatap_muka", "Senin terakhir pukul 14.00"),
]

# Place names per RW (fictional but believable). RW 10 is a housing estate.
KAMPUNG = {
    "01": "Kp. Margabakti", "02": "Kp. Sukasari", "03": "Kp. Cibeureum",
    "04": "Kp. Babakan Jati", "05": "Kp. Sindangsari", "06": "Kp. Pasirmalang",
    "07": "Kp. Leuwidahu", "08": "Kp. Sukamaju", "09": "Kp. Nagrak",
    "10": "Perum Griya Margabakti",
}
JALAN = {
    "01": "Jl. Margabakti", "02": "Jl. Sukasari", "03": "Jl. Cibeureum Raya",
    "04": "Jl. Babakan Jati", "05": "Jl. Sindangsari", "06": "Jl. Pasirmalang",
    "07": "Gg. Leuwidahu", "08": "Jl. Sukamaju", "09": "Jl. Nagrak",
    "10": "Jl. Griya Margabakti",
}
LANDMARK = [
    "dekat Masjid Al-Ikhlas", "belakang SDN 2 Margabakti", "samping warung Bu Iis",
    "depan Pos Kamling", "dekat Madrasah Al-Hidayah", "belakang Balai RW",
]

PHONE_PREFIXES = [
    ("0812", 14), ("0813", 12), ("0821", 8), ("0822", 9), ("0852", 10), ("0853", 6),
    ("0856", 6), ("0857", 7), ("0877", 5), ("0878", 5), ("0895", 5), ("0896", 4),
    ("0838", 4), ("0881", 3),
]

# --- names -------------------------------------------------------------------
SUNDA_P_FIRST = [
    "Enok", "Euis", "Imas", "Iis", "Cucu", "Neneng", "Titin", "Dede", "Eem", "Oom",
    "Yoyoh", "Entin", "Nining", "Lilis", "Popon", "Yati", "Teti", "Ai", "Eneng", "Ela",
    "Nenden", "Wiwin", "Tati", "Kokom", "Elis", "Cicih", "Nunung", "Yuyun", "Enung",
    "Heni", "Yeni", "Yayah", "Aas", "Ikah", "Eti", "Nia", "Rini", "Tuti", "Uum", "Erna",
]
SUNDA_P_SECOND = [
    "Sumiati", "Rohaeti", "Kurniasih", "Rosmiati", "Nurhayati", "Komariah", "Juariah",
    "Rohimah", "Maryam", "Saadah", "Mulyani", "Hasanah", "Jubaedah", "Nurjanah",
    "Kartini", "Wartini", "Rosita", "Herawati", "Aisah", "Nuraeni", "Solihah", "Halimah",
    "Sopiah", "Rokayah", "Sumarni", "Rahmawati", "Fatimah", "Mardiah", "Suryani",
    "Aminah", "Maesaroh", "Patimah", "Ropiah", "Sariningsih", "Nurlela", "Hayati",
    "Marlina", "Rohmah", "Siti Aminah",
]
# Second names with an apostrophe (used sparingly: they exercise escaping downstream)
SUNDA_P_SECOND_APOS = ["Mu'minah", "Nur'aeni", "Ma'rifah", "Sa'adah"]
INDO_P_FULL = [
    "Siti Nurhaliza", "Sri Wahyuni", "Nur Aisyah", "Dewi Lestari", "Rina Marlina",
    "Yuliani", "Ratna Sari", "Fitri Handayani", "Wulan Sari", "Rini Susanti",
    "Desi Ratnasari", "Ani Suryani", "Yanti Susilawati", "Lina Marlina", "Novi Anggraeni",
    "Eka Purnamasari", "Intan Permata Sari", "Nurul Hidayah", "Indah Permatasari",
    "Yuni Kartika", "Rahmawati", "Susi Susanti", "Dian Puspitasari", "Sari Wulandari",
    "Mega Lestari", "Ayu Lestari", "Linda Yuliana", "Tuti Alawiyah", "Evi Sofiana",
    "Nita Anggraini", "Ika Nurmalasari", "Siti Khodijah", "Siti Fatimah", "Nur Laila",
    "Santi Oktaviani", "Rita Purnamasari", "Mila Karmila", "Putri Ayu Lestari",
    "Anisa Fitriani", "Riska Amelia", "Vina Oktaviani", "Siti Nur'aini", "Dwi Astuti",
]
INDO_P_FIRST = [
    "Siti", "Sri", "Nur", "Dewi", "Rina", "Ratna", "Fitri", "Wulan", "Desi", "Yanti",
    "Lina", "Novi", "Eka", "Intan", "Nurul", "Indah", "Yuni", "Susi", "Dian", "Sari",
    "Mega", "Ayu", "Linda", "Evi", "Nita", "Ika", "Santi", "Rita", "Mila", "Anisa", "Riska",
]
INDO_P_LAST = [
    "Nurhaliza", "Wahyuni", "Aisyah", "Lestari", "Marlina", "Handayani", "Susanti",
    "Ratnasari", "Suryani", "Susilawati", "Anggraeni", "Purnamasari", "Permatasari",
    "Kartika", "Rahmawati", "Puspitasari", "Wulandari", "Yuliana", "Sofiana", "Anggraini",
    "Nurmalasari", "Oktaviani", "Karmila", "Apriani", "Novitasari", "Febriani", "Fitriani",
]
JAWA_P_FULL = [
    "Suparmi", "Sulastri", "Sumiyati", "Tri Wahyuningsih", "Endang Sri Rahayu",
    "Sri Mulyani", "Sugiyem", "Tumini", "Parmi Lestari", "Suwarni", "Sri Rejeki",
    "Siti Muslikhah", "Nanik Suryani", "Rubiyah", "Wahyu Widayati",
]
ELDER_P = [
    "Onah", "Icih", "Enah", "Iyah", "Omah", "Odah", "Uti", "Juju", "Emeh", "Euti",
    "Saodah", "Ijah", "Mimin", "Ocih", "Eroh", "Oneng", "Enung Rukmini", "Icih Sukaesih",
    "Aminah", "Siti Rokayah", "Mak Iyoh", "Ma'ah",
]
ELDER_L = [
    "Oman", "Udin", "Engkos", "Karta", "Sukarna", "Atang Sutisna", "Uhe", "Ahmad Sujai",
    "Oyo", "Maman Suparman", "Endin", "Juhana", "Sarip", "Aceng", "Emed Sulaeman",
    "Odang", "Ohan Suhanda", "Abah Ikin",
]
SUNDA_L_FIRST = [
    "Asep", "Dadan", "Ujang", "Dede", "Iwan", "Agus", "Yayan", "Cecep", "Deden", "Endang",
    "Ade", "Wawan", "Jajang", "Usep", "Maman", "Nanang", "Aep", "Engkos", "Dodi", "Herman",
    "Atep", "Encep", "Dadang", "Uus", "Yusuf", "Rahmat", "Ahmad", "Iip", "Didin", "Entis",
    "Jaja", "Ayi", "Apip", "Dindin", "Opik", "Heri",
]
SUNDA_L_SECOND = [
    "Saepudin", "Supriatna", "Hidayat", "Kurniawan", "Setiawan", "Sopandi", "Suherman",
    "Mulyana", "Sutisna", "Hermawan", "Gunawan", "Kusnadi", "Permana", "Ruhiyat",
    "Saepulloh", "Hidayatulloh", "Nurjaman", "Abdullah", "Sobari", "Rusmana", "Suryana",
    "Sukmana", "Komarudin", "Mulyadi", "Ramdani", "Nugraha", "Firmansyah", "Jamaludin",
    "Syarifudin", "Ma'mun", "Sulaeman", "Solihin",
]
INDO_L_FULL = [
    "Budi Santoso", "Agus Salim", "Andi Wijaya", "Rudi Hartono", "Hendra Gunawan",
    "Eko Prasetyo", "Doni Saputra", "Rizal Fauzi", "Ahmad Fauzan", "Yudi Pratama",
    "Heri Setiadi", "Taufik Hidayat", "Arif Rahman", "Dedi Supriadi", "Irwan Syahputra",
    "Fajar Nugroho", "Rian Hidayat", "Tono Sutarno",
]
INDO_L_FIRST = [
    "Budi", "Andi", "Rudi", "Hendra", "Eko", "Doni", "Rizal", "Yudi", "Heri", "Taufik",
    "Arif", "Irwan", "Fajar", "Rian", "Dani", "Indra", "Wahyu", "Hadi", "Roni", "Ferry",
]
INDO_L_LAST = [
    "Santoso", "Wijaya", "Hartono", "Gunawan", "Prasetyo", "Saputra", "Fauzi", "Pratama",
    "Setiadi", "Hidayat", "Rahman", "Supriadi", "Syahputra", "Nugroho", "Sutarno", "Kusuma",
    "Ramadhan", "Firdaus", "Maulana", "Iskandar",
]
JAWA_L_FULL = [
    "Joko Susilo", "Slamet Riyadi", "Sutrisno", "Sugeng Widodo", "Bambang Sutrisno",
    "Wahyu Nugroho", "Suparno", "Tukiman", "Purwanto", "Agus Setyawan", "Supriyadi",
]
KID_P_FIRST = [
    "Siti Aisyah", "Nenden", "Rani", "Salsabila", "Nazwa", "Aulia", "Zahra", "Putri",
    "Nurul", "Syifa", "Alya", "Dinda", "Citra", "Intan", "Anisa", "Rahma", "Hilda",
    "Neng", "Resti", "Sinta", "Tiara", "Fitri", "Rika", "Wulan", "Silvi", "Nisa", "Elsa",
    "Tasya", "Rizka", "Amelia", "Fauziah", "Hani", "Lulu", "Mutiara", "Nabila", "Sela",
]
KID_P_SECOND = [
    "Rahmawati", "Nurjanah", "Fitriani", "Lestari", "Amalia", "Maharani", "Nuraeni",
    "Khoerunnisa", "Pertiwi", "Agustina", "Oktaviani", "Ramadhani", "Safitri",
    "Azzahra", "Nur'aini", "Apriliani", "Febrianti", "Handayani", "Sholihah",
]
KID_L_FIRST = [
    "Muhammad Rizki", "Asep", "Dadan", "Ujang", "Fajar", "Ahmad Fauzi", "Rizal", "Raka",
    "Dimas", "Ilham", "Fikri", "Rafi", "Alif", "Zaki", "Haikal", "Gilang", "Galih",
    "Rendi", "Yoga", "Dafa", "Farhan", "Ikhsan", "Aldi", "Reza", "Irfan", "Hilman",
    "Riki", "Acep", "Egi", "Fahmi", "Rehan", "Wildan", "Firman", "Bayu", "Cepi",
]
KID_L_SECOND = [
    "Saepudin", "Ramdani", "Maulana", "Hidayat", "Firmansyah", "Saputra", "Pratama",
    "Nugraha", "Permana", "Alfarizi", "Ramadhan", "Fauzan", "Kurniawan", "Setiawan",
    "Hakim", "Fadilah", "Sidiq", "Abdul Aziz",
]
BABY_P_FIRST = [
    "Arsyila", "Khanza", "Alesha", "Azkia", "Kayla", "Aqila", "Naura", "Zahira",
    "Almira", "Shakila", "Adiba", "Humaira", "Syakira", "Nayla", "Hafsah", "Aisyah",
]
BABY_L_FIRST = [
    "Zayn", "Azzam", "Arshaka", "Kenzie", "Arkan", "Azka", "Abizar", "Alfatih",
    "Shaka", "Rayyan", "Zidan", "Arsenio", "Keanu", "Athar", "Yusuf", "Hamzah",
]
BABY_P_SECOND = ["Putri", "Azzahra", "Nur Fatimah", "Khairunnisa", "Humaira", "Ramadhani", "Az-Zahra"]
BABY_L_SECOND = ["Ramadhan", "Alfarizqi", "Al Fatih", "Maulana", "Pratama", "Hafidz", "Rizqullah", "Al-Ghifari"]

SD_SCHOOLS_EXTRA = ["MI Al-Hidayah", "SDN 2 Cibeureum", "MI Miftahul Huda"]
SMP_SCHOOLS = ["SMPN 9 Tasikmalaya", "SMPN 13 Tasikmalaya", "MTs Al-Furqon", "MTsN 2 Kota Tasikmalaya"]
SMA_SCHOOLS = ["SMAN 4 Tasikmalaya", "SMAN 7 Tasikmalaya", "SMKN 2 Tasikmalaya", "MA Al-Furqon", "SMK Bakti Nusantara"]

KOMPONEN_VALUES = ["bumil", "nifas", "anak_usia_dini", "sd", "smp", "sma", "lansia", "disabilitas_berat", ""]


# --------------------------------------------------------------------------
# Date helpers
# --------------------------------------------------------------------------
def fmt(d: date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def age_on(birth: date, ref: date = REFERENCE_DATE) -> int:
    return ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))


def birth_for_completed_age(rng: random.Random, age: int) -> date:
    """Uniform birth date such that completed age on REFERENCE_DATE is `age`."""
    latest = add_years(REFERENCE_DATE, -age)
    earliest = add_years(REFERENCE_DATE, -(age + 1)) + timedelta(days=1)
    span = (latest - earliest).days
    return earliest + timedelta(days=rng.randint(0, span))


def birth_for_age_years(age: float) -> date:
    return REFERENCE_DATE - timedelta(days=int(round(age * 365.25)))


def komponen_for_age(age: int) -> str:
    if age <= 6:
        return "anak_usia_dini"
    if age <= 12:
        return "sd"
    if age <= 15:
        return "smp"
    if age <= 18:
        return "sma"
    if age >= 60:
        return "lansia"
    return ""


# --------------------------------------------------------------------------
# Phone helpers
# --------------------------------------------------------------------------
PHONE_RE = re.compile(r"8[1-35-9]\d{7,10}")


def normalise_phone(raw: str) -> str | None:
    """Return +62... or None when the string is not a valid Indonesian mobile."""
    s = re.sub(r"[\s\-.()]", "", raw)
    if s.startswith("+62"):
        s = s[3:]
    elif s.startswith("62"):
        s = s[2:]
    elif s.startswith("0"):
        s = s[1:]
    else:
        return None
    return "+62" + s if PHONE_RE.fullmatch(s) else None


def new_local_number(rng: random.Random, used: set[str]) -> str:
    prefixes = [p for p, _ in PHONE_PREFIXES]
    weights = [w for _, w in PHONE_PREFIXES]
    while True:
        prefix = rng.choices(prefixes, weights)[0]
        length = rng.choices([11, 12, 13], [25, 55, 20])[0]
        rest = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 5))
        number = prefix + rest
        if number not in used:
            used.add(number)
            return number


def format_phone(local: str, style: str) -> str:
    """local: 08xxxxxxxxx. style: plain|dash|space|plus_dash|62|plus62."""
    a, b, c = local[:4], local[4:8], local[8:]
    if style == "plain":
        return local
    if style == "dash":
        return f"{a}-{b}-{c}"
    if style == "space":
        return f"{a} {b} {c}"
    if style == "plus_dash":
        return f"+62 {a[1:]}-{b}-{c}"
    if style == "62":
        return "62" + local[1:]
    if style == "plus62":
        return "+62" + local[1:]
    raise ValueError(style)


PHONE_STYLES = ["plain", "dash", "space", "plus_dash", "62", "plus62"]
PHONE_STYLE_WEIGHTS = [70, 8, 7, 5, 5, 5]


def random_style(rng: random.Random) -> str:
    return rng.choices(PHONE_STYLES, PHONE_STYLE_WEIGHTS)[0]


# --------------------------------------------------------------------------
# Schedule helpers (used by --check to verify parseability and clashes)
# --------------------------------------------------------------------------
HARI = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5}
JADWAL_RE = re.compile(
    r"^(?:(?P<hari>senin|selasa|rabu|kamis|jumat|sabtu) (?P<ke>ke-[1-4]|terakhir)"
    r"|tanggal (?P<tgl>[1-9]|1\d|2[0-8])) (?:(?:pukul|jam) )?(?P<hh>\d{2})[.:](?P<mm>\d{2})$",
    re.IGNORECASE,
)


def parse_jadwal(text: str):
    m = JADWAL_RE.match(text)
    if not m:
        return None
    minutes = int(m["hh"]) * 60 + int(m["mm"])
    if m["tgl"]:
        return ("tanggal", int(m["tgl"]), minutes)
    ke = m["ke"].lower()
    n = -1 if ke == "terakhir" else int(ke[3:])
    return ("hari", HARI[m["hari"].lower()], n, minutes)


def jadwal_date(rule, year: int, month: int) -> date:
    if rule[0] == "tanggal":
        return date(year, month, rule[1])
    _, weekday, n, _ = rule
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    return date(year, month, days[n - 1] if n > 0 else days[-1])


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------
class NamePicker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_pengurus: set[str] = set()

    def _unique(self, make) -> str:
        for _ in range(200):
            name = make()
            if name not in self.used_pengurus:
                self.used_pengurus.add(name)
                return name
        raise RuntimeError("could not find unique name")

    def pengurus(self, bahasa: str, elderly: bool) -> str:
        r = self.rng
        if elderly:
            return self._unique(lambda: r.choice(ELDER_P) if r.random() < 0.6
                                else f"{r.choice(ELDER_P).split()[0]} {r.choice(SUNDA_P_SECOND)}")
        if bahasa == "jv":
            return self._unique(lambda: r.choice(JAWA_P_FULL))
        p_sunda = 0.88 if bahasa == "su" else 0.45
        if r.random() < p_sunda:
            def make():
                first = r.choice(SUNDA_P_FIRST)
                x = r.random()
                if x < 0.15:
                    return first
                if x < 0.17:
                    return f"{first} {r.choice(SUNDA_P_SECOND_APOS)}"
                return f"{first} {r.choice(SUNDA_P_SECOND)}"
            return self._unique(make)
        free = [x for x in INDO_P_FULL if x not in self.used_pengurus]
        if free and r.random() < 0.5:
            return self._unique(lambda: r.choice(free))
        return self._unique(lambda: f"{r.choice(INDO_P_FIRST)} {r.choice(INDO_P_LAST)}")

    def husband(self, bahasa: str, elderly: bool = False) -> str:
        r = self.rng
        if elderly:
            return r.choice(ELDER_L)
        if bahasa == "jv":
            return r.choice(JAWA_L_FULL)
        if r.random() < (0.85 if bahasa == "su" else 0.5):
            first = r.choice(SUNDA_L_FIRST)
            return first if r.random() < 0.2 else f"{first} {r.choice(SUNDA_L_SECOND)}"
        if r.random() < 0.3:
            return r.choice(INDO_L_FULL)
        return f"{r.choice(INDO_L_FIRST)} {r.choice(INDO_L_LAST)}"

    def child(self, sex: str, birth: date, taken: list[str]) -> str:
        r = self.rng
        for _ in range(100):
            if birth.year >= 2020:
                first = r.choice(BABY_L_FIRST if sex == "L" else BABY_P_FIRST)
                second = r.choice(BABY_L_SECOND if sex == "L" else BABY_P_SECOND)
                name = f"{first} {second}" if r.random() < 0.8 else first
            else:
                first = r.choice(KID_L_FIRST if sex == "L" else KID_P_FIRST)
                second = r.choice(KID_L_SECOND if sex == "L" else KID_P_SECOND)
                name = first if (len(first.split()) > 1 or r.random() < 0.3) else f"{first} {second}"
            if all(name.split()[0] != t.split()[0] for t in taken):
                return name
        return name


def make_groups_and_households(rng: random.Random):
    households = []
    groups = []
    rw_list = [f"{i:02d}" for i in range(1, 11)]

    # Which households (by position) live in the neighbouring RW.
    neighbour_slots = set(rng.sample(range(N_KPM), N_NEIGHBOUR_RW))

    position = 0
    for (gid, gname, pdp, rw, half, size, zona, mode, jadwal) in GROUPS:
        rts = ["001", "002", "003", "004"] if half == "lo" else ["005", "006", "007", "008"]
        members = []
        for _ in range(size):
            if position in neighbour_slots:
                idx = rw_list.index(rw)
                options = [rw_list[j] for j in (idx - 1, idx + 1) if 0 <= j < len(rw_list)]
                hh_rw = rng.choice(options)
                hh_rt = f"{rng.randint(1, 8):03d}"
            else:
                hh_rw = rw
                hh_rt = rng.choices(rts, [30, 26, 24, 20])[0]
            members.append({"rw": hh_rw, "rt": hh_rt, "id_kelompok": gid})
            position += 1
        # Registry order: main RW first, grouped by RT, so neighbours are adjacent.
        members.sort(key=lambda h: (h["rw"] != rw, h["rw"], h["rt"]))
        households.extend(members)
        groups.append({
            "id_kelompok": gid, "nama_kelompok": gname, "id_pendamping": pdp,
            "kelurahan": KELURAHAN, "rw": rw, "zona_waktu": zona, "jadwal": jadwal,
            "mode": mode, "pkh_akses": "tidak", "size": size,
        })
    for i, h in enumerate(households):
        h["idx"] = i
        h["id_kpm"] = f"KPM-{i + 1:04d}"
    return groups, households


def choose_ketua(rng, groups, households):
    by_group = defaultdict(list)
    for h in households:
        by_group[h["id_kelompok"]].append(h["idx"])
    ketua = {}
    for g in groups:
        main = [i for i in by_group[g["id_kelompok"]] if households[i]["rw"] == g["rw"]]
        ketua[g["id_kelompok"]] = rng.choice(main)
    return ketua, by_group


def assign_attributes(rng, groups, households, ketua_idx: set[int]):
    n = len(households)
    non_ketua = [i for i in range(n) if i not in ketua_idx]

    # --- language
    langs = [lang for lang, k in N_BAHASA.items() for _ in range(k)]
    rng.shuffle(langs)
    for h, lang in zip(households, langs):
        h["bahasa"] = lang

    # --- status
    nonaktif = set(rng.sample(non_ketua, N_NONAKTIF))
    for h in households:
        h["status"] = "nonaktif" if h["idx"] in nonaktif else "aktif"

    # --- phones: no phone, shared pairs
    no_phone = set(rng.sample(non_ketua, N_NO_PHONE))
    pair_candidates = [
        i for i in range(n - 1)
        if households[i]["id_kelompok"] == households[i + 1]["id_kelompok"]
        and households[i]["rw"] == households[i + 1]["rw"]
        and households[i]["rt"] == households[i + 1]["rt"]
        and not ({i, i + 1} & ketua_idx) and not ({i, i + 1} & no_phone)
    ]
    rng.shuffle(pair_candidates)
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for i in pair_candidates:
        if len(pairs) == N_SHARED_PAIRS:
            break
        if i in taken or i + 1 in taken:
            continue
        pairs.append((i, i + 1))
        taken.update((i, i + 1))
    if len(pairs) != N_SHARED_PAIRS:
        raise RuntimeError("not enough shared-phone pair candidates")
    pairs.sort()
    partner_of = {b: a for a, b in pairs}

    used_numbers: set[str] = set()
    for h in households:
        i = h["idx"]
        if i in no_phone:
            h["_local"] = None
            h["no_hp"] = ""
        elif i in partner_of:
            src = households[partner_of[i]]
            h["_local"] = src["_local"]
            style = random_style(rng) if rng.random() < 0.5 else src["_style"]
            h["_style"] = style
            h["no_hp"] = format_phone(h["_local"], style)
        else:
            h["_local"] = new_local_number(rng, used_numbers)
            h["_style"] = "plain" if i in ketua_idx and rng.random() < 0.8 else random_style(rng)
            h["no_hp"] = format_phone(h["_local"], h["_style"])

    # --- no_hp_lain (a relative's number)
    with_phone = [i for i in non_ketua if i not in no_phone]
    lain = set(rng.sample(sorted(no_phone), N_NO_HP_LAIN_AMONG_NO_PHONE))
    lain |= set(rng.sample(with_phone, N_NO_HP_LAIN - N_NO_HP_LAIN_AMONG_NO_PHONE))
    for h in households:
        if h["idx"] in lain:
            h["no_hp_lain"] = format_phone(new_local_number(rng, used_numbers), random_style(rng))
        else:
            h["no_hp_lain"] = ""

    # --- channel
    daring = {g["id_kelompok"] for g in groups if g["mode"] == "daring"}
    for h in households:
        h["kanal"] = "sms"
    phone_idx = [i for i in range(n) if i not in no_phone]
    for i in phone_idx:
        h = households[i]
        if i in partner_of:
            continue
        p = 0.85 if h["id_kelompok"] in daring else 0.22
        if i in ketua_idx and h["id_kelompok"] in daring:
            p = 1.0
        if rng.random() < p:
            h["kanal"] = "whatsapp"
    for a, b in pairs:
        households[b]["kanal"] = households[a]["kanal"]
    # adjust to the exact target using non-paired, non-ketua households of face-to-face groups
    adjustable = [i for i in phone_idx if i not in taken and i not in ketua_idx
                  and households[i]["id_kelompok"] not in daring]
    rng.shuffle(adjustable)
    count = sum(h["kanal"] == "whatsapp" for h in households)
    for i in adjustable:
        if count == N_WHATSAPP:
            break
        h = households[i]
        if count < N_WHATSAPP and h["kanal"] == "sms":
            h["kanal"] = "whatsapp"
            count += 1
        elif count > N_WHATSAPP and h["kanal"] == "whatsapp":
            h["kanal"] = "sms"
            count -= 1

    # --- address
    special_addr = rng.sample(non_ketua, 3)
    for h in households:
        rw, rt = h["rw"], h["rt"]
        kp = KAMPUNG[rw]
        r = rng.random()
        if rw == "10" and r < 0.6:
            h["alamat"] = f"{kp} Blok {rng.choice('ABCDE')}-{rng.randint(1, 24)}, RT {rt}/RW {rw}"
        elif r < 0.55:
            h["alamat"] = f"{kp} RT {rt}/RW {rw}"
        elif r < 0.82:
            h["alamat"] = f"{JALAN[rw]} No. {rng.randint(1, 120)}"
        else:
            h["alamat"] = f"{kp} RT {rt}/RW {rw}, {rng.choice(LANDMARK)}"
    # a few that force CSV quoting (';' and '"' as people really type them)
    a, b, c = special_addr
    households[a]["alamat"] = f"{KAMPUNG[households[a]['rw']]} RT {households[a]['rt']}/RW {households[a]['rw']}; belakang Masjid Al-Ikhlas"
    households[b]["alamat"] = f"{JALAN[households[b]['rw']]} No. {rng.randint(1, 90)}; Gg. Melati II"
    households[c]["alamat"] = f"{JALAN[households[c]['rw']]} No. {rng.randint(1, 90)} (warung \"Bu Enok\")"

    return {"no_phone": no_phone, "pairs": pairs, "nonaktif": nonaktif, "lain": lain}


def build_members(rng, households, names: NamePicker, ketua_idx: set[int]):
    n = len(households)
    all_idx = list(range(n))
    elderly = set(rng.sample([i for i in all_idx if i not in ketua_idx], N_ELDERLY_HH))
    elderly_husband = set(rng.sample(sorted(elderly), N_ELDERLY_WITH_HUSBAND))
    rest = [i for i in all_idx if i not in elderly]
    nifas = rng.sample(rest, N_NIFAS)
    nifas_set = set(nifas)
    bumil = rng.sample([i for i in rest if i not in nifas_set], N_BUMIL)
    bumil_set = set(bumil)
    infant = rng.sample([i for i in rest if i not in nifas_set and i not in bumil_set], N_INFANT_EXTRA)
    grand = set(rng.sample(rest, N_GRANDPARENT))
    disab = set(rng.sample(rest, N_DISABILITAS))

    # Stratified special dates so reminders have work spread over time.
    # bumil: trimester I (2w0d-13w6d), II (14w0d-27w6d), III (28w0d-39w0d)
    strata = [(14, 97, 8), (98, 195, 9), (196, 273, 8)]
    hpht_days = []
    for lo, hi, k in strata:
        step = (hi - lo) / k
        hpht_days += [int(lo + step * j + rng.uniform(0, step)) for j in range(k)]
    rng.shuffle(hpht_days)
    hpht_of = dict(zip(bumil, hpht_days))

    persalinan_days = [int(1 + 5 * j + rng.uniform(0, 4.9)) for j in range(N_NIFAS)]  # 1..40
    rng.shuffle(persalinan_days)
    persalinan_of = dict(zip(nifas, persalinan_days))

    # infants 43 days .. 18 months (548 days), spread evenly
    step = (548 - 43) / N_INFANT_EXTRA
    infant_days = [int(43 + step * j + rng.uniform(0, step)) for j in range(N_INFANT_EXTRA)]
    rng.shuffle(infant_days)
    infant_of = dict(zip(infant, infant_days))

    rows = []
    for h in households:
        i = h["idx"]
        is_elderly = i in elderly
        h["nama_pengurus"] = names.pengurus(h["bahasa"], is_elderly)
        members = []  # Kartu Keluarga order: head, spouse, children oldest first, parents

        def add(nama, hubungan, jk, birth, komponen="", hpht=None, persalinan=None, sekolah=""):
            m = {"nama": nama, "hubungan": hubungan, "jenis_kelamin": jk, "birth": birth,
                 "komponen": komponen, "hpht": hpht, "persalinan": persalinan, "sekolah": sekolah}
            members.append(m)
            return m

        if is_elderly:
            age = rng.randint(60, 78)
            birth = birth_for_completed_age(rng, age)
            if i in elderly_husband:
                hb = birth_for_completed_age(rng, min(age + rng.randint(1, 6), 84))
                add(names.husband(h["bahasa"], elderly=True), "Kepala Keluarga", "L", hb, "lansia")
                mom = add(h["nama_pengurus"], "Istri", "P", birth, "lansia")
            else:
                mom = add(h["nama_pengurus"], "Kepala Keluarga", "P", birth, "lansia")
            if rng.random() < 0.5:  # an unmarried adult child still living at home
                ca = rng.randint(28, min(age - 20, 45))
                sex = rng.choice("LP")
                cb = birth_for_completed_age(rng, ca)
                add(names.child(sex, cb, [mom["nama"]]), "Anak", sex, cb)
            h["_members"] = members
            continue

        # ---- children ages (in days), youngest first
        kid_days: list[int] = []
        if i in nifas_set:
            kid_days.append(persalinan_of[i])
        elif i in infant_of:
            kid_days.append(infant_of[i])
        elif i in bumil_set:
            if rng.random() < 0.75:
                kid_days.append(int(rng.uniform(2.0, 12.0) * 365.25))
        else:
            if rng.random() < 0.45:
                kid_days.append(int(rng.uniform(1.6, 7.0) * 365.25))
            else:
                kid_days.append(int(rng.uniform(7.0, 17.9) * 365.25))

        youngest_years = kid_days[0] / 365.25 if kid_days else 0.0
        if i in bumil_set:
            cap = 41.0
            mom_age = rng.uniform(19.5, 30.0) if not kid_days else rng.uniform(youngest_years + 19.5, min(youngest_years + 33, cap))
        else:
            cap = 43.0 if (i in nifas_set or i in infant_of) else 47.5
            lo = max(youngest_years + 19.5, 20.0)
            mom_age = rng.uniform(lo, max(lo + 0.5, min(youngest_years + 36, cap)))

        target_kids = rng.choices([1, 2, 3, 4, 5], [25, 36, 24, 12, 3])[0]
        if i in bumil_set and not kid_days:
            target_kids = 0
        while kid_days and len(kid_days) < target_kids:
            gap = rng.uniform(1.6, 6.0)
            nxt = kid_days[-1] / 365.25 + gap
            if mom_age - nxt < 18.5:
                break
            kid_days.append(int(nxt * 365.25))

        mom_birth = birth_for_age_years(mom_age)
        mom_komp, hpht, persalinan = "", None, None
        if i in bumil_set:
            mom_komp, hpht = "bumil", REFERENCE_DATE - timedelta(days=hpht_of[i])
        elif i in nifas_set:
            mom_komp, persalinan = "nifas", REFERENCE_DATE - timedelta(days=persalinan_of[i])

        # ---- husband
        p_husband = 0.97 if (i in bumil_set or i in nifas_set or i in infant_of) else 0.86
        has_husband = rng.random() < p_husband
        husband_is_kk = rng.random() < 0.95
        if has_husband:
            hage = min(mom_age + rng.uniform(-1.0, 9.0), 58.5)
            hbirth = birth_for_age_years(max(hage, 20.0))
            if husband_is_kk:
                add(names.husband(h["bahasa"]), "Kepala Keluarga", "L", hbirth)
                mom = add(h["nama_pengurus"], "Istri", "P", mom_birth, mom_komp, hpht, persalinan)
            else:
                mom = add(h["nama_pengurus"], "Kepala Keluarga", "P", mom_birth, mom_komp, hpht, persalinan)
                add(names.husband(h["bahasa"]), "Suami", "L", hbirth)
        else:
            mom = add(h["nama_pengurus"], "Kepala Keluarga", "P", mom_birth, mom_komp, hpht, persalinan)

        # ---- children, oldest first
        taken_names = [mom["nama"]]
        sd_school = f"SDN {int(h['rw']) // 2 + 1} Margabakti" if rng.random() < 0.75 else rng.choice(SD_SCHOOLS_EXTRA)
        for days in sorted(kid_days, reverse=True):
            birth = REFERENCE_DATE - timedelta(days=days)
            sex = rng.choice("LP")
            nama = names.child(sex, birth, taken_names)
            taken_names.append(nama)
            komp = komponen_for_age(age_on(birth))
            sekolah = ""
            if komp == "sd":
                sekolah = sd_school
            elif komp == "smp":
                sekolah = rng.choice(SMP_SCHOOLS)
            elif komp == "sma":
                sekolah = rng.choice(SMA_SCHOOLS)
            add(nama, "Anak", sex, birth, komp, sekolah=sekolah)

        # ---- grandparent (lansia)
        if i in grand:
            if has_husband and rng.random() < 0.4:
                hub = "Mertua"
                base = age_on(members[0]["birth"]) if members[0]["hubungan"] == "Kepala Keluarga" else age_on(mom_birth)
            else:
                hub = "Orang Tua"
                base = age_on(mom_birth)
            gage = rng.randint(max(60, base + 18), max(60, base + 18) + 14)
            gage = min(gage, 88)
            sex = "P" if rng.random() < 0.7 else "L"
            nama = rng.choice(ELDER_P if sex == "P" else ELDER_L)
            add(nama, hub, sex, birth_for_completed_age(rng, gage), "lansia")

        # ---- severe disability: an adult child, else a child aged 3+, else the husband
        if i in disab:
            adults = [m for m in members if m["hubungan"] == "Anak" and age_on(m["birth"]) >= 19]
            kids = [m for m in members if m["hubungan"] == "Anak" and age_on(m["birth"]) >= 3]
            husbands = [m for m in members if m["jenis_kelamin"] == "L" and m["hubungan"] in ("Kepala Keluarga", "Suami")]
            target = (adults or kids or husbands or [None])[0]
            if target is None:
                disab.discard(i)
            else:
                target["komponen"] = "disabilitas_berat"
                target["sekolah"] = ""

        h["_members"] = members

    return {"elderly": elderly, "nifas": nifas_set, "bumil": bumil_set,
            "infant": set(infant_of), "grand": grand, "disab": disab}


def group_lokasi(groups, households, ketua):
    places = [
        "Rumah Ibu Ketua, RT {rt2} RW {rw}",
        "Aula Kelurahan Margabakti",
        "Madrasah Al-Hidayah",
        "Balai RW {rw}",
        "Rumah Ibu {ketua}, RT {rt2} RW {rw}",
        "Masjid Al-Ikhlas, RT {rt2} RW {rw}",
        "Rumah Ibu Ketua, RT {rt2} RW {rw}",
        "Posyandu RW {rw}",
        "Rumah Ibu {ketua}, RT {rt2} RW {rw}",
        "Balai RW {rw}",
    ]
    for gi, g in enumerate(groups):
        k = households[ketua[g["id_kelompok"]]]
        if g["mode"] == "daring":
            g["lokasi"] = f"Grup WhatsApp {g['nama_kelompok']}"
            continue
        tmpl = places[(gi * 3 + 1) % len(places)]
        if tmpl == "Madrasah Al-Hidayah" and int(g["rw"]) > 5:
            tmpl = "Madrasah Miftahul Huda"
        g["lokasi"] = tmpl.format(rt2=k["rt"][1:], rw=g["rw"],
                                  ketua=k["nama_pengurus"].split()[0])
        if g["lokasi"] == "Posyandu RW " + g["rw"]:
            psy = next(p for p in POSYANDU if p[2] == g["rw"])
            g["lokasi"] = f"Gedung {psy[1]}, RW {g['rw']}"


def write_csv(path: Path, header: list[str], rows: list[list[str]]):
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


def generate(out: Path):
    rng = random.Random(SEED)
    names = NamePicker(rng)
    groups, households = make_groups_and_households(rng)
    ketua, _ = choose_ketua(rng, groups, households)
    ketua_idx = set(ketua.values())
    assign_attributes(rng, groups, households, ketua_idx)
    build_members(rng, households, names, ketua_idx)
    group_lokasi(groups, households, ketua)

    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "pendamping.csv", HEADERS["pendamping.csv"], [list(p) for p in PENDAMPING])
    write_csv(out / "posyandu.csv", HEADERS["posyandu.csv"],
              [[pid, nama, KELURAHAN, rw, jadwal, lokasi] for pid, nama, rw, jadwal, lokasi in POSYANDU])
    write_csv(out / "kelompok.csv", HEADERS["kelompok.csv"], [
        [g["id_kelompok"], g["nama_kelompok"], g["id_pendamping"], g["kelurahan"], g["rw"],
         g["zona_waktu"], g["jadwal"], g["lokasi"], g["mode"], g["pkh_akses"],
         households[ketua[g["id_kelompok"]]]["id_kpm"]]
        for g in groups
    ])
    write_csv(out / "kpm.csv", HEADERS["kpm.csv"], [
        [h["id_kpm"], h["nama_pengurus"], h["no_hp"], h["no_hp_lain"], h["kanal"], h["bahasa"],
         h["id_kelompok"], h["rt"], h["rw"], h["alamat"], h["status"]]
        for h in households
    ])
    rows = []
    for h in households:
        for m in h["_members"]:
            rows.append([h["id_kpm"], m["nama"], m["hubungan"], m["jenis_kelamin"], fmt(m["birth"]),
                         m["komponen"], fmt(m["hpht"]), fmt(m["persalinan"]), m["sekolah"]])
    write_csv(out / "anggota.csv", HEADERS["anggota.csv"], rows)
    print(f"wrote {len(households)} households, {len(rows)} members, {len(groups)} groups to {out}")


# --------------------------------------------------------------------------
# Check
# --------------------------------------------------------------------------
class Checker:
    def __init__(self):
        self.failures: list[str] = []

    def ok(self, cond: bool, msg: str):
        if not cond:
            self.failures.append(msg)
        return cond


def read_csv(path: Path, ck: Checker, expected_header: list[str]) -> list[dict]:
    raw = path.read_bytes()
    ck.ok(raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: missing UTF-8 BOM")
    ck.ok(raw.endswith(b"\r\n"), f"{path.name}: does not end with CRLF")
    ck.ok(raw.count(b"\n") == raw.count(b"\r\n"), f"{path.name}: bare LF line endings")
    ck.ok(b"\r\n\r\n" not in raw, f"{path.name}: blank line")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    ck.ok(rows[0] == expected_header, f"{path.name}: header {rows[0]} != {expected_header}")
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if ck.ok(len(r) == len(expected_header), f"{path.name}:{n}: {len(r)} fields"):
            out.append(dict(zip(expected_header, r)))
    return out


DATE_RE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def parse_date(s: str, ck: Checker, where: str) -> date | None:
    if not ck.ok(bool(DATE_RE.match(s)), f"{where}: bad date {s!r}"):
        return None
    try:
        d = datetime.strptime(s, "%d/%m/%Y").date()
    except ValueError:
        ck.ok(False, f"{where}: unparseable date {s!r}")
        return None
    ck.ok(d <= REFERENCE_DATE, f"{where}: date {s} after reference date")
    return d


def check(out: Path) -> int:
    ck = Checker()
    data = {name: read_csv(out / name, ck, hdr) for name, hdr in HEADERS.items()}
    pend, psy, klp, kpm, ang = (data[n] for n in HEADERS)

    pct = lambda k, tot: f"{k} ({100 * k / tot:.1f}%)"

    # pendamping / posyandu
    ck.ok([p["id_pendamping"] for p in pend] == ["PDP-01", "PDP-02"], "pendamping ids")
    for p in pend:
        ck.ok(p["email"].endswith("@example.org"), f"pendamping email {p['email']}")
        ck.ok(normalise_phone(p["no_hp"]) is not None, f"pendamping phone {p['no_hp']}")
    ck.ok([p["rw"] for p in psy] == [f"{i:02d}" for i in range(1, 11)], "posyandu RW 01..10")
    forms = Counter()
    for p in psy:
        rule = parse_jadwal(p["jadwal"])
        if ck.ok(rule is not None, f"posyandu jadwal {p['jadwal']!r}"):
            forms[rule[0]] += 1
    ck.ok(len(forms) == 2, "posyandu jadwal mixes tanggal/hari forms")

    # kelompok
    pend_ids = {p["id_pendamping"] for p in pend}
    groups = {g["id_kelompok"]: g for g in klp}
    ck.ok(len(groups) == len(klp), "duplicate group ids")
    for g in klp:
        ck.ok(g["id_pendamping"] in pend_ids, f"{g['id_kelompok']}: unknown pendamping")
        ck.ok(g["kelurahan"] == KELURAHAN, f"{g['id_kelompok']}: kelurahan")
        ck.ok(g["zona_waktu"] in ("WIB", "Asia/Jakarta"), f"{g['id_kelompok']}: zona_waktu")
        ck.ok(g["mode"] in ("tatap_muka", "daring"), f"{g['id_kelompok']}: mode")
        ck.ok(g["pkh_akses"] == "tidak", f"{g['id_kelompok']}: pkh_akses")
        rule = parse_jadwal(g["jadwal"])
        if ck.ok(rule is not None, f"{g['id_kelompok']}: jadwal {g['jadwal']!r}"):
            ck.ok(8 * 60 <= rule[-1] <= 15 * 60, f"{g['id_kelompok']}: time outside 08.00-15.00")
    n_daring = sum(g["mode"] == "daring" for g in klp)
    ck.ok(1 <= n_daring <= 2, "1-2 daring groups")
    # a facilitator must not have two meetings within 2h on the same day (next 24 months)
    by_pdp = defaultdict(list)
    for g in klp:
        rule = parse_jadwal(g["jadwal"])
        if rule:
            by_pdp[g["id_pendamping"]].append((g["id_kelompok"], rule))
    clashes = []
    for pdp, lst in by_pdp.items():
        for k in range(24):
            y, m = REFERENCE_DATE.year + (REFERENCE_DATE.month - 1 + k) // 12, (REFERENCE_DATE.month - 1 + k) % 12 + 1
            slots = [(jadwal_date(r, y, m), r[-1], gid) for gid, r in lst]
            for a in range(len(slots)):
                for b in range(a + 1, len(slots)):
                    if slots[a][0] == slots[b][0] and abs(slots[a][1] - slots[b][1]) < 120:
                        clashes.append(f"{pdp} {slots[a][2]}/{slots[b][2]} on {slots[a][0]}")
    ck.ok(not clashes, f"schedule clashes: {clashes[:5]}")

    # kpm
    ck.ok(len(kpm) == N_KPM, f"kpm rows {len(kpm)} != {N_KPM}")
    ck.ok([h["id_kpm"] for h in kpm] == [f"KPM-{i:04d}" for i in range(1, len(kpm) + 1)], "kpm ids sequential")
    kpm_by_id = {h["id_kpm"]: h for h in kpm}
    sizes = Counter()
    norm_count = Counter()
    for h in kpm:
        hid = h["id_kpm"]
        ck.ok(h["id_kelompok"] in groups, f"{hid}: unknown group {h['id_kelompok']}")
        sizes[h["id_kelompok"]] += 1
        for col in ("no_hp", "no_hp_lain"):
            if h[col]:
                ck.ok(normalise_phone(h[col]) is not None, f"{hid}: bad {col} {h[col]!r}")
        if h["no_hp"]:
            norm_count[normalise_phone(h["no_hp"])] += 1
        ck.ok(h["kanal"] in ("sms", "whatsapp"), f"{hid}: kanal")
        ck.ok(h["bahasa"] in ("su", "id", "jv"), f"{hid}: bahasa")
        ck.ok(re.fullmatch(r"00[1-8]", h["rt"]) is not None, f"{hid}: rt {h['rt']}")
        ck.ok(re.fullmatch(r"(0[1-9]|10)", h["rw"]) is not None, f"{hid}: rw {h['rw']}")
        ck.ok(h["status"] in ("aktif", "nonaktif"), f"{hid}: status")
        ck.ok(bool(h["nama_pengurus"]) and bool(h["alamat"]), f"{hid}: empty name/address")
        if "RT " in h["alamat"]:
            ck.ok(f"RT {h['rt']}/RW {h['rw']}" in h["alamat"], f"{hid}: address RT/RW mismatch")
        g = groups.get(h["id_kelompok"])
        if g:
            ck.ok(abs(int(h["rw"]) - int(g["rw"])) <= 1, f"{hid}: RW far from group RW")
    for gid, g in groups.items():
        ck.ok(15 <= sizes[gid] <= 30, f"{gid}: size {sizes[gid]} outside 15..30")
    per_pdp = Counter()
    for gid, n in sizes.items():
        if gid in groups:
            per_pdp[groups[gid]["id_pendamping"]] += n
    ck.ok(sorted(per_pdp.values()) == [248, 249], f"per-facilitator split {dict(per_pdp)}")

    shared = [h for h in kpm if h["no_hp"] and norm_count[normalise_phone(h["no_hp"])] > 1]
    shared_pairs = sum(1 for v in norm_count.values() if v > 1)
    no_phone = [h for h in kpm if not h["no_hp"]]
    lain = [h for h in kpm if h["no_hp_lain"]]
    wa = [h for h in kpm if h["kanal"] == "whatsapp"]
    bahasa = Counter(h["bahasa"] for h in kpm)
    nonaktif = [h for h in kpm if h["status"] == "nonaktif"]
    n = len(kpm)
    ck.ok(0.08 <= len(shared) / n <= 0.12, f"shared phones {len(shared)} not ~10%")
    ck.ok(24 <= len(no_phone) <= 26, f"no phone {len(no_phone)} not 24-26")
    ck.ok(0.06 <= len(lain) / n <= 0.10, f"no_hp_lain {len(lain)} not ~8%")
    ck.ok(0.25 <= len(wa) / n <= 0.35, f"whatsapp {len(wa)} not ~30%")
    ck.ok(0.55 <= bahasa["su"] / n <= 0.65, f"su {bahasa['su']} not ~60%")
    ck.ok(0.33 <= bahasa["id"] / n <= 0.43, f"id {bahasa['id']} not ~38%")
    ck.ok(3 <= bahasa["jv"] <= 20, f"jv {bahasa['jv']} not a handful")
    ck.ok(0.01 <= len(nonaktif) / n <= 0.03, f"nonaktif {len(nonaktif)} not ~2%")

    # ketua
    for gid, g in groups.items():
        k = kpm_by_id.get(g["ketua_id_kpm"])
        if ck.ok(k is not None, f"{gid}: ketua {g['ketua_id_kpm']} missing"):
            ck.ok(k["id_kelompok"] == gid, f"{gid}: ketua in another group")
            ck.ok(bool(k["no_hp"]), f"{gid}: ketua without phone")
            ck.ok(k["no_hp"] and norm_count[normalise_phone(k["no_hp"])] == 1, f"{gid}: ketua phone shared")
            ck.ok(k["status"] == "aktif", f"{gid}: ketua nonaktif")

    # anggota
    members = defaultdict(list)
    for m in ang:
        ck.ok(m["id_kpm"] in kpm_by_id, f"anggota for unknown {m['id_kpm']}")
        members[m["id_kpm"]].append(m)
    komp_count = Counter()
    infants = 0
    bumil_tri = Counter()
    nifas_days = []
    for hid, h in kpm_by_id.items():
        ms = members.get(hid, [])
        ck.ok(any(m["komponen"] for m in ms), f"{hid}: no member with komponen")
        kk = [m for m in ms if m["hubungan"] == "Kepala Keluarga"]
        ck.ok(len(kk) == 1, f"{hid}: {len(kk)} Kepala Keluarga")
        peng = [m for m in ms if m["nama"] == h["nama_pengurus"] and m["hubungan"] in ("Istri", "Kepala Keluarga")]
        ck.ok(len(peng) == 1 and peng[0]["jenis_kelamin"] == "P", f"{hid}: pengurus not a member")
        if any(m["hubungan"] == "Suami" for m in ms):
            ck.ok(bool(peng) and peng[0]["hubungan"] == "Kepala Keluarga", f"{hid}: Suami but pengurus not KK")
        births = {}
        for m in ms:
            where = f"{hid}/{m['nama']}"
            ck.ok(m["hubungan"] in ("Kepala Keluarga", "Istri", "Suami", "Anak", "Orang Tua", "Mertua"), f"{where}: hubungan")
            ck.ok(m["jenis_kelamin"] in ("L", "P"), f"{where}: jenis_kelamin")
            ck.ok(m["komponen"] in KOMPONEN_VALUES, f"{where}: komponen {m['komponen']!r}")
            b = parse_date(m["tanggal_lahir"], ck, where)
            if b is None:
                continue
            births[m["nama"]] = b
            age = age_on(b)
            k = m["komponen"]
            komp_count[k or "(kosong)"] += 1
            rng_ok = {"anak_usia_dini": (0, 6), "sd": (7, 12), "smp": (13, 15), "sma": (16, 18),
                      "lansia": (60, 120), "bumil": (16, 49), "nifas": (16, 49)}
            if k in rng_ok:
                lo, hi = rng_ok[k]
                ck.ok(lo <= age <= hi, f"{where}: age {age} inconsistent with {k}")
            if k == "anak_usia_dini" and (REFERENCE_DATE - b).days <= 548:
                infants += 1
            ck.ok(bool(m["nama_sekolah"]) == (k in ("sd", "smp", "sma")), f"{where}: nama_sekolah")
            ck.ok(bool(m["hpht"]) == (k == "bumil"), f"{where}: hpht only for bumil")
            ck.ok(bool(m["tanggal_persalinan"]) == (k == "nifas"), f"{where}: persalinan only for nifas")
            if k in ("bumil", "nifas"):
                ck.ok(m["jenis_kelamin"] == "P", f"{where}: {k} not P")
            if k == "bumil":
                d = parse_date(m["hpht"], ck, where)
                if d:
                    days = (REFERENCE_DATE - d).days
                    ck.ok(14 <= days <= 273, f"{where}: hpht {days} days")
                    bumil_tri["I" if days < 98 else "II" if days < 196 else "III"] += 1
            if k == "nifas":
                d = parse_date(m["tanggal_persalinan"], ck, where)
                if d:
                    days = (REFERENCE_DATE - d).days
                    nifas_days.append(days)
                    ck.ok(0 <= days <= 42, f"{where}: persalinan {days} days ago")
                    ck.ok(any(c["hubungan"] == "Anak" and c["komponen"] == "anak_usia_dini"
                              and c["tanggal_lahir"] == m["tanggal_persalinan"] for c in ms),
                          f"{where}: newborn missing")
        if peng and peng[0]["nama"] in births:
            mb = births[peng[0]["nama"]]
            for m in ms:
                if m["hubungan"] == "Anak" and m["nama"] in births:
                    ck.ok(age_on(mb, births[m["nama"]]) >= 17, f"{hid}: mother too young for {m['nama']}")
    ck.ok(20 <= komp_count["bumil"] <= 30, "bumil ~25")
    ck.ok(6 <= komp_count["nifas"] <= 10, "nifas ~8")
    ck.ok(35 <= infants <= 45, f"infants 0-18 months {infants} not ~40")
    ck.ok(25 <= komp_count["lansia"] <= 35, "lansia ~30")
    ck.ok(3 <= komp_count["disabilitas_berat"] <= 7, "disabilitas_berat ~5")
    ck.ok(len(bumil_tri) == 3, "bumil spread over 3 trimesters")

    # quoting actually exercised
    kpm_raw = (out / "kpm.csv").read_bytes().decode("utf-8-sig")
    quoted = sum(1 for line in kpm_raw.split("\r\n") if '"' in line)

    # ---- report
    print(f"reference date: {REFERENCE_DATE.isoformat()}")
    print(f"households: {n}   members: {len(ang)}   groups: {len(klp)}   posyandu: {len(psy)}   pendamping: {len(pend)}")
    print("per facilitator:", ", ".join(f"{p}={per_pdp[p]}" for p in sorted(per_pdp)))
    print("groups:")
    for g in klp:
        k = kpm_by_id.get(g["ketua_id_kpm"], {})
        print(f"  {g['id_kelompok']} {g['id_pendamping']} RW {g['rw']} size={sizes[g['id_kelompok']]:2d} "
              f"{g['zona_waktu']:<12} {g['mode']:<10} jadwal={g['jadwal']!r:<30} ketua={g['ketua_id_kpm']} ({k.get('nama_pengurus', '?')})")
    print(f"shared phone: {pct(len(shared), n)} households in {shared_pairs} numbers")
    print(f"no phone: {pct(len(no_phone), n)}   no_hp_lain: {pct(len(lain), n)}")
    print(f"kanal: whatsapp {pct(len(wa), n)}, sms {pct(n - len(wa), n)}")
    print("bahasa: " + ", ".join(f"{b} {pct(bahasa[b], n)}" for b in ("su", "id", "jv")))
    print(f"status nonaktif: {pct(len(nonaktif), n)}")
    styles = Counter()
    for h in kpm:
        v = h["no_hp"]
        if not v:
            continue
        styles["+62 8xx-" if v.startswith("+62 ") else "+628" if v.startswith("+62") else "628"
               if v.startswith("62") else "08 dash" if "-" in v else "08 space" if " " in v else "08 plain"] += 1
    print("no_hp forms: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()))
    print("members per komponen: " + ", ".join(f"{k} {komp_count[k]}" for k in
          ["bumil", "nifas", "anak_usia_dini", "sd", "smp", "sma", "lansia", "disabilitas_berat", "(kosong)"]))
    print(f"infants 0-18 months: {infants}   bumil trimesters: {dict(sorted(bumil_tri.items()))}   "
          f"nifas days since delivery: {sorted(nifas_days)}")
    print(f"kpm.csv rows needing quotes: {quoted}")

    if ck.failures:
        print(f"\nCHECK FAILED ({len(ck.failures)} problems):", file=sys.stderr)
        for f in ck.failures[:50]:
            print("  - " + f, file=sys.stderr)
        return 1
    print("\nCHECK OK")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate (and check) the Pengingat sample roster in Config/contoh.")
    ap.add_argument("--check", action="store_true", help="only verify the CSV files, do not generate")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    if not args.check:
        generate(args.out)
    return check(args.out)


if __name__ == "__main__":
    sys.exit(main())
