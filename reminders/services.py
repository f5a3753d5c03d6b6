from .models import PushSubscription


def save_push_subscription(user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Stores a browser's subscription; the same browser subscribing again updates it.

    An endpoint belongs to one browser, so if another person signs in there and subscribes,
    the browser's notifications are theirs from then on.
    """
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription
