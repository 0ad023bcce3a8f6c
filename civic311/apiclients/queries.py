from civic311.apiclients.models import KEY_PREFIX_LENGTH, ApiClient


def client_for_key(key: str) -> ApiClient | None:
    """The active client whose key this is, or None."""
    if len(key) <= KEY_PREFIX_LENGTH or len(key) > 200:
        return None
    client = ApiClient.objects.filter(
        key_prefix=key[:KEY_PREFIX_LENGTH], active=True
    ).first()
    if client is None or not client.matches(key):
        return None
    return client
