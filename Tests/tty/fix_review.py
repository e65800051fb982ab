"""Drives `ollama-audit scan --fix --interactive` through a real pseudo-terminal, as a person
at a keyboard would: each time the review asks, the next answer is typed.

    fix_review.py BINARY FOLDER ANSWER...

Prints JSON: the exit status, how many prompts were seen, and everything the terminal showed.
Fails (exit 2) if the binary asks more often than there are answers, or hangs for 60 s.
"""
import json
import os
import pty
import select
import subprocess
import sys
import time

PROMPT = b"[q]uit: "


def main():
    binary, folder, answers = sys.argv[1], sys.argv[2], sys.argv[3:]
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm", NO_COLOR="1")
    env.pop("CI", None)
    process = subprocess.Popen(
        [binary, "scan", "--fix", "--interactive", "--allow-dirty", "."],
        cwd=folder, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen, prompts, deadline = b"", 0, time.monotonic() + 60
    while True:
        if time.monotonic() > deadline:
            process.kill()
            sys.exit("no answer from the review in 60 s:\n" + seen.decode(errors="replace"))
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the process closed the terminal
                chunk = b""
            if not chunk:
                break
            seen += chunk
            while seen.count(PROMPT) > prompts:
                if prompts == len(answers):
                    process.kill()
                    sys.exit("asked more often than there are answers:\n" + seen.decode(errors="replace"))
                os.write(leader, answers[prompts].encode() + b"\n")
                prompts += 1
        elif process.poll() is not None:
            break
    status = process.wait(timeout=60)
    print(json.dumps({"status": status, "prompts": prompts, "output": seen.decode(errors="replace")}))


if __name__ == "__main__":
    main()
