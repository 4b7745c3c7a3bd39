"""The authoring studio: a scenario's YAML with live checks, its turn graph, and "try an answer".

window.py is one studio window per file; editor.py the text (highlighting, line numbers, completion, squiggles);
graph_view.py the turns as a graph; try_panel.py trying an answer at a turn; problems.py the problems list;
actions.py what the main window's File menu calls (new scenario, open, packs). checking.py, files.py and
pack_import.py are plain Python run on worker threads.
"""
