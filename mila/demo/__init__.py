"""Demo content: readable data files in this folder, loaded by `manage.py load_demo`."""

import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read_data(name):
    with (DATA_DIR / name).open("rb") as data_file:
        return tomllib.load(data_file)
