"""Every SQL statement our code runs is a fixed string; values travel as parameters, never inside the SQL.

Reads bot/, actions/, channels/ and rasa_patches/ as source (ast): the first argument of every
execute/executemany/executescript call must be a string literal or a module-level name bound to one (in the file
itself, or imported by name from one of those packages, e.g. `from bot.events_table import KEY_SQL`). An f-string,
`.format`, `%` or `+` there fails, also when the pieces look harmless: a table name from a fixed tuple needs one
literal per table.
SQLAlchemy's `text(...)` counts as its argument does, so `text(<literal>)` is fixed wherever it is written; a
helper may then take the statement as a parameter annotated `TextClause`, because every `text()` call in the
file is checked too; its `.text` (the same fixed string, handed to sqlite3 directly) counts as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.paths import ROOT

PACKAGES = ("bot", "actions", "channels", "rasa_patches")
EXECUTE = {"execute", "executemany", "executescript"}


def _own_literal_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _literal_names(tree: ast.Module, path: Path, root: Path = ROOT) -> set[str]:
    """Module-level names bound to a string literal here, or imported by name from a project module that binds one."""
    names = _own_literal_names(tree)
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.module):
            continue
        if node.level:  # from .events_table import X: relative to this file's package
            source = path.parents[node.level - 1] / (node.module.replace(".", "/") + ".py")
        elif node.module.split(".")[0] in PACKAGES:
            source = root / (node.module.replace(".", "/") + ".py")
        else:
            continue
        if source.exists():
            theirs = _own_literal_names(ast.parse(source.read_text(encoding="utf-8"), str(source)))
            names |= {(a.asname or a.name) for a in node.names if a.name in theirs}
    return names


def _is_text_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == "text"
    )


def _text_clause_params(tree: ast.Module) -> dict[ast.AST, set[str]]:
    """Per function: its parameters annotated `TextClause` (statements built only by checked `text()` calls)."""
    out: dict[ast.AST, set[str]] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = {
                a.arg
                for a in fn.args.args + fn.args.kwonlyargs
                if a.annotation is not None and ast.unparse(a.annotation).split(".")[-1] == "TextClause"
            }
            for inner in ast.walk(fn):
                out.setdefault(inner, set()).update(names)
    return out


def unsafe_sql_calls(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line: call` for each execute whose SQL is not a fixed string, and each `text()` of a built string."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants = _literal_names(tree, path, root)
    clause_params = _text_clause_params(tree)
    found = []
    for node in ast.walk(tree):
        if _is_text_call(node):
            arg = node.args[0]  # type: ignore[attr-defined]
            if not (
                (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
                or (isinstance(arg, ast.Name) and arg.id in constants)
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)[:120]}")
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTE):
            continue
        if not node.args:
            continue  # no statement given (a Redis pipeline's execute())
        sql = node.args[0]
        if _is_text_call(sql):
            sql = sql.args[0]  # type: ignore[attr-defined]  # text("... :name"): a fixed statement
        if isinstance(sql, ast.Attribute) and sql.attr == "text" and isinstance(sql.value, ast.Name):
            if sql.value.id in clause_params.get(node, set()):
                sql = sql.value  # a TextClause parameter's own text
        fixed = (isinstance(sql, ast.Constant) and isinstance(sql.value, str)) or (
            isinstance(sql, ast.Name) and (sql.id in constants or sql.id in clause_params.get(node, set()))
        )
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
        '    db.execute(sa.text(f"SELECT {x}"))\n'
        "def run(conn, sql: sa.TextClause, other: str):\n"
        "    conn.execute(sql, {})\n"
        "    conn.execute(other)\n"
        "    conn.execute(sql.text, {})\n"
        "    conn.execute(other.text, {})\n"
        "STATEMENTS = (sa.text('SELECT 1'), sa.text('SELECT ' + 'x'))\n"
        "from bot.tables import FIXED, BUILT\n"
        "def g(db, x):\n"
        "    db.execute(FIXED, {'x': x})\n"
        "    db.execute(BUILT, {'x': x})\n",
        encoding="utf-8",
    )
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "tables.py").write_text(
        'FIXED = "SELECT * FROM t WHERE x = :x"\nBUILT = "SELECT * FROM " + "t"\n', encoding="utf-8"
    )
    flagged = sorted({int(problem.split(":")[1]) for problem in unsafe_sql_calls(sample, root=tmp_path)})
    assert flagged == [5, 6, 7, 8, 10, 12, 15, 17, 18, 22]
