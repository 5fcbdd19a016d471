"""Lay out one run of a long paper's rows in a process of its own (see reporting.pdf):
`python -m reporting.pdf_part JOB` reads JOB.job (the template, its context, the base URL,
the run's rows and the rows per part, pickled by reporting.pdf) and writes the run's parts,
tagged PDFs, to JOB.pdfs. A failure ends the process with its traceback on stderr."""

import os
import pickle
import sys
from pathlib import Path


def main(job: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from reporting.pdf import layout_parts

    job_path = Path(job)
    template, context, base_url, rows, rows_per_part = pickle.loads(
        job_path.with_suffix(".job").read_bytes()
    )
    parts = layout_parts(template, context, base_url, rows, rows_per_part, "rows")
    written = job_path.with_suffix(".part")
    written.write_bytes(pickle.dumps(parts))
    written.replace(job_path.with_suffix(".pdfs"))


if __name__ == "__main__":
    main(sys.argv[1])
