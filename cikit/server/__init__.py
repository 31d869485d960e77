"""cikit's Voila server: handlers, kernel pools and limits for a workshop room.

See :mod:`cikit.server.app`.  ``cikit serve`` (:mod:`cikit.serve`) starts it.
"""
