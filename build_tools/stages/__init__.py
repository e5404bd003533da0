"""The stages of a build as jobs of the one runner (:mod:`build_tools.jobs`): what each
job reads (its fingerprint), writes (its outputs) and hands the next stage (a frozen
record, :mod:`.records`). :mod:`build_tools.pipeline` runs them in order.

    sources   validate, extract
    catalogs  precheck, update, check (with the gate's verdict)
    merge     the gate's decision, merge
    outputs   render, site, publish
"""
