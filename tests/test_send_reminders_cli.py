"""Acceptance (issue 13): after `assure demo --no-serve`, `assure send-reminders --today
2015-03-02` writes one e-mail per person who has work due into ASSURE_DATA_DIR/mail/, each
listing that person's items with links; running it again the same day sends nothing new."""

import email
import os
import re
import subprocess
import sys


def run_assure(*args, data_dir):
    """`assure …` in a subprocess on the embedded installation in ``data_dir``."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )


def mail_files(folder):
    return sorted((folder / "mail").glob("*.log")) if (folder / "mail").exists() else []


def messages_in(files):
    """Django's file backend names a file by the second and the connection's id(), and appends:
    two digests sent in the same second can share a file, each followed by a line of 79 dashes."""
    found = []
    for path in files:
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                found.append(email.message_from_string(text))
    return found


def test_send_reminders_writes_one_email_per_person_once_a_day(copy_of_demo_dir):
    before = {f: f.read_text() for f in mail_files(copy_of_demo_dir)}
    first = run_assure("send-reminders", "--today", "2015-03-02", data_dir=copy_of_demo_dir)
    assert first.returncode == 0, first.stderr
    written = [f for f in mail_files(copy_of_demo_dir) if f not in before]
    messages = messages_in(written)
    recipients = [m["To"] for m in messages]
    sent = int(re.match(r"(\d+) reminder e-mail", first.stdout).group(1))
    assert sent == len(messages) == len(set(recipients)) >= 3, first.stdout
    leeds = next(m for m in messages if m["To"] == "lead.leeds@demo.assure.example")
    body = leeds.get_payload(decode=True).decode()
    assert "Leeds:" in body
    assert re.search(r"http://127\.0\.0\.1:8000/assignments/\d+/", body)
    # Nobody is sent another district's work.
    assert "Bradford:" not in body
    assert "2 March 2015" in leeds["Subject"]

    again = run_assure("send-reminders", "--today", "2015-03-02", data_dir=copy_of_demo_dir)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 reminder e-mails sent")
    assert len(messages_in(mail_files(copy_of_demo_dir))) == len(messages_in(before)) + sent


def test_send_reminders_refuses_a_day_that_is_not_a_date(copy_of_demo_dir):
    result = run_assure("send-reminders", "--today", "2015-02-30", data_dir=copy_of_demo_dir)
    assert result.returncode != 0
    assert "not a date" in result.stderr
    assert "Traceback" not in result.stderr
