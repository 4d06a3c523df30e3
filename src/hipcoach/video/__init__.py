"""Video analysis's I/O side (issue 19): decoding a phone video (``decode``), BlazePose landmarks per frame on
LiteRT (``blazepose``, ``pose``), the analysis and its surfaces. The pure angle work is in
``hipcoach.domain.motion``.

Nothing heavy is imported here: numpy, PyAV and LiteRT (the optional extra ``video``) load only with the
module that needs them, so the CLI starts fast.
"""
