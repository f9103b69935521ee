"""The web timetable served at ``/``: server-rendered pages over the JSON API's access rules.

See :mod:`api.web.router` for the routes. Nothing here decides who may see what: the
pages call the API's own functions (:mod:`api.web.sources`).
"""
