"""Accounts: users, organisations, memberships, invitations, sign-in and the park's approvals."""
