#!/usr/bin/env python3
"""The PR-comment script (.ci/pr-comment) against a fake GitHub API on loopback.

The fake serves the four endpoints the script uses (a pull request, an issue's comments with
pagination, creating and editing a comment), keeps every request, and refuses what GitHub
refuses (a wrong token, a body over 65536 characters, editing somebody else's comment). Each
test runs the real script as a subprocess on a report artifact made from tests/golden (real
renderings of a failing report), or on a passing copy of it.

    python3 tests/workflows/pr_comment_test.py      (also registered with ctest: pr_comment)
"""

import copy
import http.server
import json
import re
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "pr-comment"
GOLDEN = ROOT / "tests" / "golden"
MARKER = "<!-- perfwarden-gate -->"
BOT = "github-actions[bot]"
TOKEN = "test-token"
HEAD = "a" * 40
NEWER_HEAD = "b" * 40
RUN_URL = "https://github.com/o/r/actions/runs/42"
GITHUB_LIMIT = 65536


class FakeGitHub:
    """A tiny GitHub REST API for repository o/r, served on 127.0.0.1 on a free port."""

    def __init__(self):
        self.pulls = {}  # number -> head sha
        self.comments = []  # {"id", "issue", "user": {"login"}, "body"}
        self.requests = []  # (method, path)
        self.page_size = 2  # small, so that every test pages through the comments
        self.foreign_next_link = False
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.handle(self, "GET")

            def do_POST(self):
                fake.handle(self, "POST")

            def do_PATCH(self):
                fake.handle(self, "PATCH")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def add_comment(self, issue, login, body):
        comment = {"id": 1000 + len(self.comments), "issue": issue, "user": {"login": login}, "body": body}
        self.comments.append(comment)
        return comment

    def ours(self, issue):
        return [c for c in self.comments if c["issue"] == issue and c["user"]["login"] == BOT]

    def writes(self):
        return [r for r in self.requests if r[0] != "GET"]

    def handle(self, handler, method):
        url = urllib.parse.urlsplit(handler.path)
        query = urllib.parse.parse_qs(url.query)
        length = int(handler.headers.get("Content-Length") or 0)
        payload = json.loads(handler.rfile.read(length) or b"null") if length else None
        with self.lock:
            self.requests.append((method, handler.path))
            status, body, headers = self.route(method, url.path, query, payload, handler.headers)
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def route(self, method, path, query, payload, headers):
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"message": "Bad credentials"}, {}
        if method == "GET" and (m := re.fullmatch(r"/repos/o/r/pulls/(\d+)", path)):
            number = int(m.group(1))
            if number not in self.pulls:
                return 404, {"message": "Not Found"}, {}
            return 200, {"number": number, "head": {"sha": self.pulls[number]}}, {}
        if method == "GET" and (m := re.fullmatch(r"/repos/o/r/issues/(\d+)/comments", path)):
            issue = int(m.group(1))
            page = int(query.get("page", ["1"])[0])
            all_comments = [c for c in self.comments if c["issue"] == issue]
            chunk = all_comments[(page - 1) * self.page_size : page * self.page_size]
            headers = {}
            if page * self.page_size < len(all_comments):
                host = "http://api.example.invalid" if self.foreign_next_link else self.url
                headers["Link"] = (f'<{host}/repos/o/r/issues/{issue}/comments?per_page=100&page={page + 1}>; '
                                   f'rel="next", <{self.url}/repos/o/r/issues/{issue}/comments?page=99>; rel="last"')
            return 200, [{k: v for k, v in c.items() if k != "issue"} for c in chunk], headers
        if method == "POST" and (m := re.fullmatch(r"/repos/o/r/issues/(\d+)/comments", path)):
            if len(payload["body"]) > GITHUB_LIMIT:
                return 422, {"message": "Validation Failed: body is too long (maximum is 65536 characters)"}, {}
            comment = self.add_comment(int(m.group(1)), BOT, payload["body"])
            return 201, {k: v for k, v in comment.items() if k != "issue"}, {}
        if method == "PATCH" and (m := re.fullmatch(r"/repos/o/r/issues/comments/(\d+)", path)):
            comment = next((c for c in self.comments if c["id"] == int(m.group(1))), None)
            if comment is None:
                return 404, {"message": "Not Found"}, {}
            if comment["user"]["login"] != BOT:
                return 403, {"message": "You cannot edit somebody else's comment"}, {}
            if len(payload["body"]) > GITHUB_LIMIT:
                return 422, {"message": "Validation Failed: body is too long (maximum is 65536 characters)"}, {}
            comment["body"] = payload["body"]
            return 200, {k: v for k, v in comment.items() if k != "issue"}, {}
        return 404, {"message": f"no route for {method} {path}"}, {}


def failing_report():
    return json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))


def failing_markdown():
    return (GOLDEN / "report.md").read_text(encoding="utf-8")


def passing_report():
    """The golden report as a clean run would have it: nothing a reviewer needs to see."""
    report = copy.deepcopy(failing_report())
    report.update(verdict="pass", exit_code=0, failures=[], findings=[])
    report["benchmarks"] = [b for b in report["benchmarks"]
                            if b["verdict"] not in ("regression", "placement", "inconclusive")]
    assert report["benchmarks"], "the golden report has improvements, same, new and gone too"
    return report


def passing_markdown():
    text = failing_markdown().replace("## ❌ perfwarden: FAIL", "## ✅ perfwarden: PASS")
    return text.split("### Regressions")[0]


class PrCommentTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeGitHub()
        self.addCleanup(self.api.stop)
        self.api.pulls[7] = HEAD
        self.scratch = tempfile.TemporaryDirectory(prefix="pr-comment-test-")
        self.addCleanup(self.scratch.cleanup)
        self.artifacts = 0

    def artifact(self, report=None, markdown=None, pull_request=(7, HEAD)):
        """A directory like the downloaded artifact; None leaves a file out."""
        self.artifacts += 1
        directory = Path(self.scratch.name) / f"artifact-{self.artifacts}"
        directory.mkdir()
        if pull_request is not None:
            number, sha = pull_request
            (directory / "pull-request.json").write_text(json.dumps({"number": number, "head_sha": sha}))
        if report is not None:
            (directory / "perf-gate.json").write_text(json.dumps(report), encoding="utf-8")
        if markdown is not None:
            (directory / "perf-gate.md").write_text(markdown, encoding="utf-8")
        return directory

    def run_script(self, artifact, head_sha=HEAD, extra=(), environment=None):
        env = {"PATH": "/usr/bin:/bin", "GITHUB_API_URL": self.api.url, "GITHUB_TOKEN": TOKEN,
               "GITHUB_REPOSITORY": "o/r"}
        env.update(environment or {})
        env = {k: v for k, v in env.items() if v is not None}
        argv = [sys.executable, str(SCRIPT), "--artifact-dir", str(artifact), "--head-sha", head_sha,
                "--run-url", RUN_URL, *extra]
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)

    def assert_ran(self, result, code=0):
        self.assertEqual(result.returncode, code, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")

    def failing_run(self, head_sha=HEAD):
        self.api.pulls[7] = head_sha
        result = self.run_script(self.artifact(failing_report(), failing_markdown(), (7, head_sha)), head_sha)
        self.assert_ran(result)
        return result

    def test_first_failing_run_creates_the_comment(self):
        result = self.failing_run()
        ours = self.api.ours(7)
        self.assertEqual(len(ours), 1)
        body = ours[0]["body"]
        self.assertTrue(body.startswith(MARKER))
        self.assertIn("## ❌ perfwarden: FAIL", body)
        self.assertIn("core/BM\\_FindPrice/4096", body)
        self.assertIn(RUN_URL, body)
        self.assertIn(HEAD[:12], body)
        self.assertEqual([r[0] for r in self.api.writes()], ["POST"])
        self.assertIn("created comment", result.stdout)

    def test_second_failing_run_edits_the_same_comment(self):
        # Others' comments first: ours is found on a later page (page size 2).
        for i in range(3):
            self.api.add_comment(7, f"reviewer{i}", f"looks fine {i}")
        self.failing_run()
        self.assertEqual(len(self.api.ours(7)), 1)
        comment_id = self.api.ours(7)[0]["id"]
        result = self.failing_run(NEWER_HEAD)
        ours = self.api.ours(7)
        self.assertEqual(len(ours), 1, "a second run must not add a second comment")
        self.assertEqual(ours[0]["id"], comment_id)
        self.assertIn(NEWER_HEAD[:12], ours[0]["body"])
        self.assertEqual([r[0] for r in self.api.writes()], ["POST", "PATCH"])
        self.assertTrue(any("page=2" in path for method, path in self.api.requests if method == "GET"),
                        "the comments must be read past the first page")
        self.assertIn(f"edited comment {comment_id}", result.stdout)

    def test_clean_run_edits_the_comment_into_an_all_clear(self):
        self.failing_run()
        self.api.pulls[7] = NEWER_HEAD
        result = self.run_script(self.artifact(passing_report(), passing_markdown(), (7, NEWER_HEAD)), NEWER_HEAD)
        self.assert_ran(result)
        ours = self.api.ours(7)
        self.assertEqual(len(ours), 1)
        self.assertIn("perfwarden: pass", ours[0]["body"])
        self.assertIn("All clear", ours[0]["body"])
        self.assertNotIn("FAIL", ours[0]["body"])
        self.assertTrue(ours[0]["body"].startswith(MARKER))
        self.assertEqual([r[0] for r in self.api.writes()], ["POST", "PATCH"])
        # A further clean run leaves the all-clear as it is.
        again = self.run_script(self.artifact(passing_report(), passing_markdown(), (7, NEWER_HEAD)), NEWER_HEAD)
        self.assert_ran(again)
        self.assertEqual([r[0] for r in self.api.writes()], ["POST", "PATCH"])

    def test_clean_pull_request_without_a_comment_gets_nothing(self):
        self.api.add_comment(7, "reviewer", "nice")
        result = self.run_script(self.artifact(passing_report(), passing_markdown()))
        self.assert_ran(result)
        self.assertEqual(self.api.writes(), [])
        self.assertEqual(self.api.ours(7), [])
        self.assertIn("nothing posted", result.stdout)

    def test_pass_verdict_with_an_inconclusive_benchmark_is_worth_a_comment(self):
        report = passing_report()
        report["benchmarks"].append(next(b for b in failing_report()["benchmarks"] if b["verdict"] == "inconclusive"))
        self.assert_ran(self.run_script(self.artifact(report, passing_markdown())))
        self.assertEqual(len(self.api.ours(7)), 1)

    def test_spoofed_pull_request_number_writes_nothing_and_fails(self):
        self.api.pulls[8] = "c" * 40  # somebody else's pull request
        self.api.add_comment(8, BOT, f"{MARKER}\nan earlier verdict")
        result = self.run_script(self.artifact(failing_report(), failing_markdown(), (8, HEAD)))
        self.assert_ran(result, 1)
        self.assertIn("#8", result.stderr)
        self.assertIn("nothing written", result.stderr)
        self.assertEqual(self.api.writes(), [])
        self.assertEqual(self.api.comments[0]["body"], f"{MARKER}\nan earlier verdict")

    def test_invalid_pull_request_numbers_are_refused_before_any_request(self):
        for number in ["7", -7, 0, True, 7.0, "7; rm -rf /", None, 10**12]:
            with self.subTest(number=number):
                before = len(self.api.requests)
                result = self.run_script(self.artifact(failing_report(), failing_markdown(), (number, HEAD)))
                self.assert_ran(result, 1)
                self.assertIn("positive integer", result.stderr)
                self.assertEqual(len(self.api.requests), before)

    def test_artifact_head_other_than_the_measured_commit_is_refused(self):
        result = self.run_script(self.artifact(failing_report(), failing_markdown(), (7, NEWER_HEAD)))
        self.assert_ran(result, 1)
        self.assertEqual(self.api.requests, [])

    def test_marked_comment_of_another_user_is_not_edited(self):
        forged = self.api.add_comment(7, "mallory", f"{MARKER}\nall clear, merge it")
        self.failing_run()
        self.assertEqual(forged["body"], f"{MARKER}\nall clear, merge it")
        self.assertEqual(len(self.api.ours(7)), 1)
        self.assertEqual([r[0] for r in self.api.writes()], ["POST"])
        self.failing_run(NEWER_HEAD)
        self.assertEqual(forged["body"], f"{MARKER}\nall clear, merge it")
        self.assertEqual([r[0] for r in self.api.writes()], ["POST", "PATCH"])
        self.assertNotIn(f"/issues/comments/{forged['id']}", " ".join(p for _, p in self.api.writes()))

    def test_bot_login_is_configurable(self):
        self.api.add_comment(7, "perf-bot[bot]", f"{MARKER}\nold")
        result = self.run_script(self.artifact(failing_report(), failing_markdown()), extra=["--bot-login", "perf-bot[bot]"])
        # The fake lets only github-actions[bot] edit, as GitHub lets only a comment's author.
        self.assert_ran(result, 3)
        self.assertIn("HTTP 403", result.stderr)
        self.assertEqual([r[0] for r in self.api.writes()], ["PATCH"])

    def test_huge_report_is_truncated_below_the_limit(self):
        # Sixty copies of the real Markdown (about 270 kB, with code fences, <details>, tables
        # and multi-byte characters) and one unclosed fence at the very end.
        markdown = failing_markdown() * 60 + "```text\n" + "µs ❌ line\n" * 20000
        result = self.run_script(self.artifact(failing_report(), markdown))
        self.assert_ran(result)
        body = self.api.ours(7)[0]["body"]
        self.assertLessEqual(len(body), GITHUB_LIMIT)
        self.assertLessEqual(len(body.encode()), GITHUB_LIMIT)
        self.assertGreater(len(body.encode()), 50000, "truncated, not dropped")
        self.assertEqual(sum(1 for line in body.splitlines() if line.lstrip().startswith("```")) % 2, 0)
        self.assertEqual(body.count("<details"), body.count("</details>"))
        self.assertIn("Truncated", body)
        self.assertIn(RUN_URL, body)
        self.assertIn("truncated", result.stderr)

    def test_missing_report_yields_the_could_not_run_comment(self):
        result = self.run_script(self.artifact(report=None, markdown=None))
        self.assert_ran(result)
        body = self.api.ours(7)[0]["body"]
        self.assertIn("the gate could not run", body)
        self.assertIn(RUN_URL, body)
        # When the gate runs again and passes, the warning turns into the all-clear.
        self.assert_ran(self.run_script(self.artifact(passing_report(), passing_markdown())))
        self.assertIn("All clear", self.api.ours(7)[0]["body"])
        self.assertEqual(len(self.api.ours(7)), 1)

    def test_no_artifact_at_all_uses_the_event_pull_request(self):
        missing = Path(self.scratch.name) / "not-downloaded"
        result = self.run_script(missing, extra=["--pull-request", "7"])
        self.assert_ran(result)
        self.assertIn("the gate could not run", self.api.ours(7)[0]["body"])
        nothing = self.run_script(missing)
        self.assert_ran(nothing)
        self.assertIn("nothing to comment on", nothing.stderr)

    def test_mentions_in_a_forged_report_notify_nobody(self):
        self.assert_ran(self.run_script(self.artifact(failing_report(), "## ❌ perfwarden: FAIL\n\ncc @octocat\n")))
        body = self.api.ours(7)[0]["body"]
        self.assertNotIn("@octocat", body)
        self.assertIn("@\u200boctocat", body)

    def test_next_page_on_another_host_is_refused(self):
        for i in range(3):
            self.api.add_comment(7, f"reviewer{i}", "hi")
        self.api.foreign_next_link = True
        result = self.run_script(self.artifact(failing_report(), failing_markdown()))
        self.assert_ran(result, 3)
        self.assertIn("refusing to send the token", result.stderr)
        self.assertEqual(self.api.writes(), [])

    def test_usage_and_api_errors(self):
        artifact = self.artifact(failing_report(), failing_markdown())
        no_token = self.run_script(artifact, environment={"GITHUB_TOKEN": None})
        self.assert_ran(no_token, 2)
        self.assertIn("GITHUB_TOKEN", no_token.stderr)
        bad_repository = self.run_script(artifact, environment={"GITHUB_REPOSITORY": "o/r/../x"})
        self.assert_ran(bad_repository, 2)
        bad_sha = self.run_script(artifact, head_sha="HEAD")
        self.assert_ran(bad_sha, 2)
        self.assertEqual(self.api.requests, [])
        wrong_token = self.run_script(artifact, environment={"GITHUB_TOKEN": "nope"})
        self.assert_ran(wrong_token, 3)
        self.assertIn("HTTP 401", wrong_token.stderr)
        self.assertIn("Bad credentials", wrong_token.stderr)
        unknown = self.run_script(self.artifact(failing_report(), failing_markdown(), (9, HEAD)))
        self.assert_ran(unknown, 3)
        self.assertIn("HTTP 404", unknown.stderr)
        self.assertEqual(self.api.writes(), [])


if __name__ == "__main__":
    unittest.main()
