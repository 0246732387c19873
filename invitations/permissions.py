"""Who may do what with invitations: named predicates used by the pages and the API alike. Which
invitation a user may act on is the selectors' scoping (an employer's own, a graduate's own: anyone
else's is 404), and whether it may still move is its status (workflow.transition)."""

from employers.permissions import can_publish, employer_of


def may_send_invitations(user) -> bool:
    """Only an approved employer invites (the service checks it again, with the posting and graduate)."""
    return can_publish(employer_of(user))
