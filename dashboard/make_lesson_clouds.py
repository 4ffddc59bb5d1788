"""Train lesson 2's deep-model clouds in advance: `python -m dashboard.make_lesson_clouds`.

It sits above both the lessons (their rows, pairs and settings) and the cloud store, so neither of
those needs the other back.
"""

from __future__ import annotations

from dashboard import learn
from dashboard.lesson_clouds import write_clouds


def main() -> None:
    """Write the clouds lesson 2 shows, from the lesson's own data and settings, and name each file."""
    for path in write_clouds(learn.LESSON_PAIRS, learn.DEEP_GENERATORS, learn.train_pair_cloud):
        print(path.name)


if __name__ == "__main__":
    main()
