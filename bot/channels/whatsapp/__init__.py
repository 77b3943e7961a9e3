"""The WhatsApp Cloud API adapter: parsing webhooks, rendering replies, the client, late failures,
identities, number changes, groups.
"""
