"""Every write of the recruitment pipeline, one function per use case: atomic, validated
and audited. ``sources`` (candidates, mentors, the yearly review), ``courses`` and
``dossiers`` (the procedure from application to full membership)."""
