"""Reference implementation of IDR's bulk-annotation to map-annotation conversion ("bulkmap").

Given a study folder in the IDR curation layout (`idrNNNN-study.txt` plus component folders
`screenX/` or `experimentX/` holding `idrNNNN-<component>-annotation.csv` and
`idrNNNN-<component>-bulkmap-config.yml`) this computes, per map-annotation namespace, how many map
annotations IDR's tooling would create and how many key/value pairs they hold in total.

It is written independently from Tessera, from the semantics of omero-py's
`omero/util/metadata_utils.py` (BulkAnnotationConfiguration, KeyValueGroupList,
KeyValueListTransformer), `omero/util/metadata_mapannotations.py` (CanonicalMapAnnotation,
MapAnnotationManager in MA_APPEND mode) and omero-metadata's BulkToMapAnnotationContext, simplified
to what can be known without an OMERO server:

- every addressable row (a plate well or a dataset image) yields annotations, whether or not image
  data exist for it;
- annotations sharing a primary key are merged across the components of one study (IDR merges
  them across its whole database);
- cells are taken as the raw CSV text (OMERO stores them in a typed table first);
- where IDR would abort (a duplicate key/value pair, a configured column missing from the CSV) the
  annotation or column is skipped instead and the case is recorded in the diagnostics.

Usage: python bulkmap_reference.py [--diagnostics] STUDY_FOLDER...
prints {folder name: {namespace: {"annotations": n, "pairs": m}}} as JSON on standard output; with
--diagnostics, what the rules skipped or did not cover goes to standard error as JSON.
"""
import argparse
import csv
import json
import re
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

BULK_NAMESPACE = "openmicroscopy.org/omero/bulk_annotations"

# Built-in column options; a config's `defaults` overrides them and each column entry overrides those.
BUILTIN_COLUMN_OPTIONS = {
    "clientvalue": None,
    "includeclient": True,
    "include": True,
    "split": False,
    "type": "string",
    "visible": True,
    "position": -1,
    "clientname": None,
    "omitempty": False,
}

WELL_NAME = re.compile(r"^[A-Za-z]+\d+$")


@dataclass
class Group:
    namespace: str
    columns: list  # filled-in column option dicts, each with "name"


@dataclass
class Diagnostics:
    """What the conversion skipped or met outside the plain rules, for one study."""
    records: int = 0
    addressable: int = 0
    not_addressable: int = 0
    malformed: list = field(default_factory=list)          # (component, line, fields, header fields)
    missing_columns: list = field(default_factory=list)    # (component, namespace, column name)
    positioned_columns: list = field(default_factory=list)  # (component, namespace, column name, position)
    templates: Counter = field(default_factory=Counter)    # clientvalue -> number of column entries
    duplicate_pairs: Counter = field(default_factory=Counter)       # namespace -> annotations skipped
    missing_primary_keys: Counter = field(default_factory=Counter)  # namespace -> annotations skipped
    merged: Counter = field(default_factory=Counter)       # namespace -> annotations merged into an earlier one
    components_without_csv: list = field(default_factory=list)

    def as_json(self):
        return {
            "records": self.records,
            "addressable": self.addressable,
            "not_addressable": self.not_addressable,
            "malformed": [dict(zip(("component", "line", "fields", "header_fields"), m)) for m in self.malformed],
            "missing_columns": [dict(zip(("component", "namespace", "column"), m)) for m in self.missing_columns],
            "positioned_columns": [dict(zip(("component", "namespace", "column", "position"), p))
                                   for p in self.positioned_columns],
            "templates": dict(self.templates),
            "duplicate_pairs": dict(self.duplicate_pairs),
            "missing_primary_keys": dict(self.missing_primary_keys),
            "merged": dict(self.merged),
            "components_without_csv": self.components_without_csv,
        }


# --- Configuration ---------------------------------------------------------------------------------

def column_options(defaults, entry):
    options = dict(defaults)
    options.update(entry)
    if not options.get("name"):
        raise ValueError(f"column entry without a name: {entry!r}")
    return options


def load_config(path):
    """(groups in config order, ungrouped columns, primary keys by namespace, advanced section)."""
    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f) or {}
    defaults = dict(BUILTIN_COLUMN_OPTIONS)
    defaults.update(config.get("defaults") or {})
    groups, ungrouped = [], []
    for entry in config.get("columns") or []:
        if "group" in entry:
            group = entry["group"]
            groups.append(Group(group["namespace"], [column_options(defaults, c) for c in group["columns"]]))
        else:
            ungrouped.append(column_options(defaults, entry))
    advanced = config.get("advanced") or {}
    primary_keys = {}
    for item in advanced.get("primary_group_keys") or []:
        if item.get("keys"):
            primary_keys[item["namespace"]] = list(item["keys"])
    return defaults, groups, ungrouped, primary_keys, advanced


def order_columns(columns):
    """Included columns of one group in output order: a column with position p > 0 goes to 1-based place
    p, the places before the last positioned one are filled with the unpositioned columns in order,
    the remaining unpositioned columns follow."""
    positioned, unpositioned = {}, []
    for column in columns:
        if not column["include"]:
            continue
        position = column["position"]
        if position > 0:
            if position in positioned:
                raise ValueError(f"two columns at position {position}")
            positioned[position] = column
        else:
            unpositioned.append(column)
    ordered = []
    for place in range(1, max(positioned, default=0) + 1):
        if place in positioned:
            ordered.append(positioned[place])
        elif unpositioned:
            ordered.append(unpositioned.pop(0))
        else:
            raise ValueError(f"no column for position {place}")
    return ordered + unpositioned


def output_groups(header, defaults, groups, ungrouped):
    """The configured groups then the ungrouped one, each as (namespace, ordered columns). With
    `include` true by default, the CSV columns the config never names join the ungrouped group."""
    named = {column["name"] for group in groups for column in group.columns} | {c["name"] for c in ungrouped}
    extra = list(ungrouped)
    if defaults["include"]:
        extra += [column_options(defaults, {"name": name}) for name in dict.fromkeys(header) if name not in named]
    return [(g.namespace, order_columns(g.columns)) for g in groups] + [(BULK_NAMESPACE, order_columns(extra))]


# --- Rows ------------------------------------------------------------------------------------------

def read_rows(path, component, diagnostics):
    """Header and data records; records whose cell count differs from the header's are reported and skipped."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        rows = []
        for record in reader:
            diagnostics.records += 1
            if len(record) != len(header):
                diagnostics.malformed.append((component, reader.line_num, len(record), len(header)))
                continue
            rows.append(record)
    return header, rows


def addressable(header, row):
    cells = {}
    for name, value in zip(header, row):
        cells.setdefault(name.lower(), value)
    plate, well = cells.get("plate", ""), cells.get("well", "")
    if plate and well and WELL_NAME.match(well):
        return True
    return bool(cells.get("dataset name") and cells.get("image name"))


# --- Key/value pairs -------------------------------------------------------------------------------

_templates = {}


def render(template, value):
    if template not in _templates:
        _templates[template] = jinja2.Template(template)
    return _templates[template].render(value=value)


def column_pairs(column, value):
    key = column["clientname"] or column["name"]
    if not column["visible"]:
        key = "__" + key
    if column["split"]:
        pieces = [piece.strip() for piece in value.split(column["split"])]
    else:
        pieces = [value]
    if column["omitempty"]:
        pieces = [piece for piece in pieces if piece.strip()]
    if column["clientvalue"] is not None:
        pieces = [render(column["clientvalue"], piece) for piece in pieces]
    return [(key, piece) for piece in pieces]


# --- Annotations -----------------------------------------------------------------------------------

class AnnotationStore:
    """Map annotations of one study: keyed ones merged in MA_APPEND fashion, the others one per row."""

    def __init__(self):
        self.keyed = OrderedDict()  # (namespace, frozenset of primary pairs) -> [namespace, pairs]
        self.unkeyed = []           # [namespace, pairs]

    def add(self, namespace, pairs, primary_keys, diagnostics):
        if len(set(pairs)) != len(pairs):
            diagnostics.duplicate_pairs[namespace] += 1
            return
        if not primary_keys:
            self.unkeyed.append([namespace, list(pairs)])
            return
        keys = {key for key, _ in pairs}
        if any(key not in keys for key in primary_keys):
            diagnostics.missing_primary_keys[namespace] += 1
            return
        identity = (namespace, frozenset(pair for pair in pairs if pair[0] in primary_keys))
        current = self.keyed.get(identity)
        if current is None:
            self.keyed[identity] = [namespace, list(pairs)]
            return
        diagnostics.merged[namespace] += 1
        present = set(current[1])
        for pair in pairs:
            if pair not in present:
                current[1].append(pair)
                present.add(pair)

    def summary(self):
        result = {}
        for namespace, pairs in list(self.keyed.values()) + self.unkeyed:
            entry = result.setdefault(namespace, {"annotations": 0, "pairs": 0})
            entry["annotations"] += 1
            entry["pairs"] += len(pairs)
        return dict(sorted(result.items()))


def components(study):
    """(name, annotation CSV, bulkmap config) for each subfolder holding both, in name order."""
    found = []
    for folder in sorted(p for p in Path(study).iterdir() if p.is_dir()):
        csvs = sorted(folder.glob("*-annotation.csv"))
        configs = sorted(folder.glob("*-bulkmap-config.yml"))
        if csvs and configs:
            found.append((folder.name, csvs[0], configs[0]))
        elif configs:
            found.append((folder.name, None, configs[0]))
    return found


def addressable_rows(study):
    """The addressable records of every annotation CSV of a study that has a bulkmap config beside it."""
    diagnostics = Diagnostics()
    for component, csv_path, _ in components(study):
        if csv_path is not None:
            header, rows = read_rows(csv_path, component, diagnostics)
            yield from (row for row in rows if addressable(header, row))


def study_map_annotations(study, diagnostics=None):
    """{namespace: {"annotations": n, "pairs": m}} for one study folder, namespaces sorted."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    store = AnnotationStore()
    for component, csv_path, config_path in components(study):
        if csv_path is None:
            diagnostics.components_without_csv.append(component)
            continue
        defaults, groups, ungrouped, primary_keys, _ = load_config(config_path)
        header, rows = read_rows(csv_path, component, diagnostics)
        index = {}
        for i, name in enumerate(header):
            index.setdefault(name, i)
        plan = []
        for namespace, columns in output_groups(header, defaults, groups, ungrouped):
            present = []
            for column in columns:
                if column["position"] > 0:
                    diagnostics.positioned_columns.append((component, namespace, column["name"], column["position"]))
                if column["clientvalue"] is not None:
                    diagnostics.templates[column["clientvalue"]] += 1
                if column["name"] in index:
                    present.append((column, index[column["name"]]))
                else:
                    diagnostics.missing_columns.append((component, namespace, column["name"]))
            plan.append((namespace, present))
        for row in rows:
            if not addressable(header, row):
                diagnostics.not_addressable += 1
                continue
            diagnostics.addressable += 1
            for namespace, present in plan:
                pairs = [pair for column, i in present for pair in column_pairs(column, row[i])]
                if pairs:
                    store.add(namespace, pairs, primary_keys.get(namespace), diagnostics)
    return store.summary()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("studies", nargs="+", type=Path, help="study folders in the IDR curation layout")
    parser.add_argument("--diagnostics", action="store_true",
                        help="write what was skipped or not covered by the rules to standard error")
    arguments = parser.parse_args(argv)
    results, reports = {}, {}
    for study in arguments.studies:
        diagnostics = Diagnostics()
        results[study.resolve().name] = study_map_annotations(study, diagnostics)
        reports[study.resolve().name] = diagnostics.as_json()
    json.dump(results, sys.stdout, indent=2)
    print()
    if arguments.diagnostics:
        json.dump(reports, sys.stderr, indent=2)
        print(file=sys.stderr)


if __name__ == "__main__":
    main()
