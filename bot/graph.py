"""Microsoft Graph (msgraph-sdk) with app-only credentials: the school's staff from its
directory. Each configured Entra group stands for a role (GRAPH_STAFF_GROUPS, e.g.
"sendco=<group id>;teacher=<group id>;ta=<group id>"); its members become staff with that role
and their Entra object id as their Teams id, through the same checks as `import staff`.

Also email: a notice for someone the bot cannot reach in any chat is mailed from the school
mailbox in GRAPH_MAIL_FROM (`GraphMailChannel`, the last delivery channel), so it still
reaches a person.

Credentials: the bot's client secret, or with none the Azure managed identity. GRAPH_BASE_URL
points Graph elsewhere (a sovereign cloud, or loopback in tests). Permissions (application):
GroupMember.Read.All to read the configured groups' members; Mail.Send to send the email
(limit it to the one mailbox with an Exchange application access policy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from azure.core.credentials_async import AsyncTokenCredential
from azure.identity.aio import ClientSecretCredential, ManagedIdentityCredential
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.message import Message
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.models.user import User
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
    SendMailPostRequestBody,
)
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient

from bot.settings import Settings
from handlers.imports.staff_rows import parse_roles

GRAPH = "https://graph.microsoft.com/v1.0"
SCOPE = "https://graph.microsoft.com/.default"


class GraphSetupError(ValueError):
    """Graph is not configured well enough to use; the message says what to set."""


def staff_groups(text: str | None) -> dict[str, str]:
    """ "sendco=<id>;teacher=<id>" -> {role: group id}, roles checked as `import staff` does."""
    groups: dict[str, str] = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        role, sep, group_id = part.partition("=")
        if not sep or not group_id.strip():
            raise GraphSetupError(f"GRAPH_STAFF_GROUPS: {part.strip()!r} is not role=group-id")
        try:
            [known] = parse_roles(role)
        except ValueError as problem:
            raise GraphSetupError(f"GRAPH_STAFF_GROUPS: {role.strip()!r} {problem}") from None
        groups[known.value] = group_id.strip()
    if not groups:
        raise GraphSetupError(
            "Set GRAPH_STAFF_GROUPS to the Entra groups that hold each role, e.g. "
            '"sendco=<group id>;teacher=<group id>;ta=<group id>".'
        )
    return groups


def credential(settings: Settings) -> AsyncTokenCredential:
    if not settings.client_id:
        raise GraphSetupError("Set CLIENT_ID (the app registration) to use Microsoft Graph.")
    if settings.client_secret:
        if not settings.tenant_id:
            raise GraphSetupError("With a client secret, Graph needs TENANT_ID (the school's).")
        return ClientSecretCredential(
            settings.tenant_id, settings.client_id, settings.client_secret
        )
    return ManagedIdentityCredential(client_id=settings.client_id)


def graph_client(settings: Settings, token: AsyncTokenCredential) -> GraphServiceClient:
    base = (settings.graph_base_url or GRAPH).rstrip("/")
    host = urlparse(base).hostname or "graph.microsoft.com"
    auth = AzureIdentityAuthenticationProvider(token, scopes=[SCOPE], allowed_hosts=[host])
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = base
    return GraphServiceClient(request_adapter=adapter)


@dataclass
class DirectoryPerson:
    object_id: str
    email: str
    display_name: str
    roles: set[str] = field(default_factory=set)


async def directory_staff(
    client: GraphServiceClient, groups: Mapping[str, str]
) -> list[DirectoryPerson]:
    """Everyone in the configured groups, with the roles their groups give (users only)."""
    people: dict[str, DirectoryPerson] = {}
    for role, group_id in groups.items():
        members = client.groups.by_group_id(group_id).members
        page: Any = await members.get()
        while page is not None:
            for member in page.value or []:
                if not isinstance(member, User) or not member.id:
                    continue
                email = (member.mail or member.user_principal_name or "").strip().lower()
                if not email:
                    continue
                person = people.setdefault(
                    member.id,
                    DirectoryPerson(member.id, email, member.display_name or email),
                )
                person.roles.add(role)
            link = getattr(page, "odata_next_link", None)
            page = await members.with_url(link).get() if link else None
    return sorted(people.values(), key=lambda p: p.email)


async def send_mail(settings: Settings, *, sender: str, to: str, subject: str, text: str) -> None:
    """Mail `text` to `to` from the `sender` mailbox (not kept in its Sent Items)."""
    token = credential(settings)
    try:
        body = SendMailPostRequestBody(
            message=Message(
                subject=subject,
                body=ItemBody(content_type=BodyType.Text, content=text),
                to_recipients=[Recipient(email_address=EmailAddress(address=to))],
            ),
            save_to_sent_items=False,
        )
        await graph_client(settings, token).users.by_user_id(sender).send_mail.post(body)
    finally:
        await token.close()
