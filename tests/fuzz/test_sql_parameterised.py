"""Every SQL statement our code runs is a fixed string; values travel as parameters, never inside the SQL.

Reads bot/, actions/ and channels/ as source (ast): the first argument of every execute/executemany/executescript
call must be a string literal or a module-level name bound to one. An f-string, `.format`, `%` or `+` there
fails, also when the pieces look harmless: a table name from a fixed tuple needs one literal per table.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.paths import ROOT

PACKAGES = ("bot", "actions", "channels")
EXECUTE = {"execute", "executemany", "executescript"}


def _literal_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def unsafe_sql_calls(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line: call` for each execute whose SQL is not a fixed string."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants = _literal_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTE):
            continue
        sql = node.args[0] if node.args else None
        if (isinstance(sql, ast.Call) and len(sql.args) == 1 and not sql.keywords
                and getattr(sql.func, "attr", getattr(sql.func, "id", None)) == "text"):
            sql = sql.args[0]  # SQLAlchemy's text("... :name"): still a fixed statement with bound parameters
        fixed = (isinstance(sql, ast.Constant) and isinstance(sql.value, str)) or (
            isinstance(sql, ast.Name) and sql.id in constants)
        if not fixed:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_every_sql_statement_is_a_fixed_string():
    calls = [problem for path in sources() for problem in unsafe_sql_calls(path)]
    assert not calls, "SQL built from values; pass them as ? parameters instead:\n" + "\n".join(calls)


def test_the_check_catches_what_it_should(tmp_path):
    """Keep the checker honest: it flags built SQL and passes literals and named constants."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'SCHEMA = "CREATE TABLE t (x)"\n'
        "def f(db, table, x):\n"
        "    db.executescript(SCHEMA)\n"
        '    db.execute("SELECT * FROM t WHERE x = ?", (x,))\n'
        '    db.execute(f"SELECT * FROM {table}")\n'
        '    db.execute("SELECT * FROM t WHERE x = %s" % x)\n'
        '    db.execute("SELECT * FROM t WHERE x = {}".format(x))\n'
        '    db.execute("SELECT * FROM " + table)\n'
        "    query = 'SELECT 1'\n"
        "    db.executemany(query, [])\n"
        "    db.execute(sa.text(SCHEMA), {})\n"
        '    db.execute(sa.text(f"SELECT {x}"))\n',
        encoding="utf-8")
    flagged = [problem.split(":")[1] for problem in unsafe_sql_calls(sample, root=tmp_path)]
    assert flagged == ["5", "6", "7", "8", "10", "12"]
