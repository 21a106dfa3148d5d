"""Socket.IO namespaces (chat, meeting rooms, notifications) with reliable delivery.

Empty until the real-time issue: see docs/architecture in ../shared/design.
"""
