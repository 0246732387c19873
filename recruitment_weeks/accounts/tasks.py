from celery import shared_task

from . import services


@shared_task(name="accounts.task_prune_sign_in_records")
def task_prune_sign_in_records() -> dict[str, int]:
    return {
        "login_failures": services.login_failures_prune(),
        "expired_tokens": services.tokens_expired_prune(),
        "sign_in_sessions": services.sign_in_sessions_prune(),
    }


@shared_task(name="accounts.task_send_password_reset")
def task_send_password_reset(*, email: str) -> int:
    return services.password_reset_send(email=email)


@shared_task(name="accounts.task_send_email_verification")
def task_send_email_verification(*, user_id: int) -> bool:
    return services.email_verification_send(user_id=user_id)


@shared_task(name="accounts.task_send_invitation")
def task_send_invitation(*, user_id: int, organisation: str) -> bool:
    return services.invitation_send(user_id=user_id, organisation=organisation)
