"""No import cycle anywhere in the application's modules, function-level imports included.

`make lint` runs the import contract of pyproject.toml (`lint-imports`: the kernel imports no
app, apps are layered, no cycle between the modules of one package); this test also reads
every module-to-module import across packages, and names each cycle it finds.
"""

import sys
import tomllib

import grimp
from django.apps import apps
from django.conf import settings

from mila.cache.purge import _is_project_app


def packages():
    """This project's apps, from INSTALLED_APPS: a new app is checked without being listed."""
    return sorted(config.name for config in apps.get_app_configs() if _is_project_app(config.label))


def _graph():
    if str(settings.BASE_DIR) not in sys.path:
        sys.path.insert(0, str(settings.BASE_DIR))
    return grimp.build_graph(*packages(), cache_dir=None)


def test_the_import_contract_covers_every_app():
    """pyproject.toml's import contract lists its packages by hand: every app must be there."""
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        contract = tomllib.load(file)["tool"]["importlinter"]
    assert sorted(contract["root_packages"]) == packages()


def import_cycles(graph):
    """Each set of modules that import one another (Tarjan's strongly connected components)."""
    modules = sorted(module for module in graph.modules if ".migrations" not in module)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if ".migrations" in imported:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(modules) + 100))
    try:
        for module in modules:
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return cycles


def _describe(graph, cycle):
    lines = [" <-> ".join(cycle)]
    for module in cycle:
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported in cycle:
                for detail in graph.get_import_details(importer=module, imported=imported):
                    lines.append(f"  {module}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join(lines)


def test_no_module_imports_itself_through_others():
    graph = _graph()
    cycles = import_cycles(graph)
    assert not cycles, "Import cycles:\n" + "\n".join(_describe(graph, c) for c in cycles)


def test_the_check_finds_a_cycle():
    """The kernel importing a listing that imports the kernel back is a cycle."""
    graph = _graph()
    graph.add_import(importer="mila.cache.remember", imported="publications.listing")
    cycles = import_cycles(graph)
    assert any({"mila.cache.remember", "publications.listing"} <= set(c) for c in cycles)
