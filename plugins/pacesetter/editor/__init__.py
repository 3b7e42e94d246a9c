"""The editor in the browser (Decap CMS) at ``/admin/``: its files, its backends, its page.

``contract/decap.py`` turns the data contract into the editor's collections; this
package brings the pinned Decap bundle (``vendor``), decides which backend the page
talks to (``backends``: the organization's GitLab, or ``decap-server`` on 127.0.0.1 for
a trial), and writes the page into the built site (``admin``).
"""
