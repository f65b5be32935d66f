"""The directory of design service providers, their profiles, and the taxonomies behind it."""

from __future__ import annotations

from datetime import date
from functools import partial
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from park.accounts.forms import ConfirmForm
from park.accounts.models import Organisation
from park.accounts.services import organisation_by_slug
from park.core import storage
from park.core.authz import allowed, authorize, guard
from park.core.caching import arguments_digest, cache_key, shared_fragment
from park.core.errors import DomainError, found_or_404
from park.core.forms import show_domain_error
from park.core.i18n import format_day, select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.core.templating import render_fragment
from park.directory import forms, queries, services
from park.directory.models import PROVIDER_KINDS, ServiceType, Specialty, TaxonomyTerm
from park.directory.policy import (
    can_edit_profile,
    can_manage_taxonomies,
    can_request_contact,
    can_view_contact_requests,
    can_view_profile,
    is_listed,
)
from park.extensions import db
from park.projects import queries as project_queries

bp = Blueprint("directory", __name__)

TAXONOMIES: dict[str, type[TaxonomyTerm]] = {"specialties": Specialty, "services": ServiceType}

# A logo's URL carries a piece of its stored name, so a new logo is a new URL and the old
# one may be cached for long.
LOGO_MAX_AGE = 60 * 60 * 24


# Template helpers for the directory's pages (prefixed so they cannot clash with others).


@bp.app_template_global("directory_listed")
def directory_listed(organisation: Organisation) -> bool:
    return is_listed(organisation)


@bp.app_template_global("directory_logo_url")
def directory_logo_url(organisation: Organisation) -> str | None:
    profile = organisation.profile
    if profile is None or not profile.logo_file:
        return None
    return url_for("directory.logo", slug=organisation.slug, v=profile.logo_file[:8])


# Words that every second organisation here starts with; initials skip them so cards differ.
_COMMON_PREFIXES = ("重庆市", "重庆", "四川省", "四川", "中国")
_COMMON_WORDS = {"chongqing", "sichuan", "china", "the"}


@bp.app_template_global("directory_initials")
def directory_initials(name: str) -> str:
    """Letters for a card without a logo: "Chongqing Toway Design" -> "TD", "重庆途为" -> "途"."""
    name = name.strip()
    if name[:1] and not name[:1].isascii():
        for prefix in _COMMON_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix):]
                break
        return name[:1] or "?"
    words = [w for w in name.split() if w.lower().strip(",.") not in _COMMON_WORDS
             and w[:1].isalnum()] or name.split()
    return "".join(word[:1] for word in words[:2]).upper() or "?"


@bp.app_template_global("directory_url_without")
def directory_url_without(name: str | None = None, value: str | None = None) -> str:
    """The search's current URL without one filter value (or every filter when `name` is None),
    back on the first page."""
    kept = [
        (key, item) for key, item in request.args.items(multi=True)
        if key != "page" and (
            (name is None and key == "sort")
            or (name is not None and not (key == name and (value is None or item == value)))
        )
    ]
    return url_for("directory.search") + ("?" + urlencode(kept) if kept else "")


@bp.app_template_filter("directory_date")
def directory_date(value: date | None, format: str = "long") -> str:
    return format_day(value, format)


def _organisation_or_404(slug: str) -> Organisation:
    return found_or_404(organisation_by_slug(slug))


def _visible_provider_or_404(slug: str) -> Organisation:
    """Unlisted, unapproved or unknown providers are all simply not found: the page does not
    tell outsiders which organisations exist."""
    organisation = queries.provider_by_slug(slug)
    if organisation is None or not allowed(can_view_profile, organisation):
        abort(404)
    return organisation


# The public directory -----------------------------------------------------------------------


@bp.route("/directory")
@guard(anyone)
def search():
    # The form, facets and results are the same for everyone asking with the same query string
    # (its links keep every argument) in the same language: rendered once, then shared.
    locale = select_locale()
    key = cache_key("directory-page", locale, arguments_digest())
    return render_template("directory/search.html", content=shared_fragment(
        key, partial(_search_content, locale), timeout=queries.PAGE_CACHE_SECONDS))


def _search_content(locale: str) -> Markup:
    filters = forms.search_filters(request.args)
    return render_fragment(
        "directory/_search.html",
        filters=filters,
        results=queries.search_directory(filters, locale),
        kinds=list(PROVIDER_KINDS),
        sort_labels=forms.SORT_LABELS,
    )


@bp.route("/directory/<slug>")
@guard(anyone)
def profile(slug: str):
    organisation = _visible_provider_or_404(slug)
    return _profile_page(organisation)


def _profile_page(organisation: Organisation, form=None, status: int = 200):
    if form is None and allowed(can_request_contact, organisation):
        form = forms.contact_form(services.requesting_organisations(current_user),
                                  select_locale())
    return render_template("directory/profile.html", organisation=organisation,
                           profile=organisation.profile, contact_form=form,
                           portfolio=project_queries.public_portfolio(organisation)), status


@bp.route("/directory/<slug>/logo")
@guard(anyone)
def logo(slug: str):
    organisation = _visible_provider_or_404(slug)
    profile = organisation.profile
    if profile is None or not profile.logo_file:
        abort(404)
    return storage.send_stored(profile.logo_file, profile.logo_type,
                               public=is_listed(organisation), max_age=LOGO_MAX_AGE)


@bp.route("/directory/<slug>/contact", methods=["POST"])
@guard(signed_in)
def request_contact(slug: str):
    organisation = _visible_provider_or_404(slug)
    authorize(can_request_contact, organisation)
    form = forms.contact_form(services.requesting_organisations(current_user), select_locale())
    if form.validate_on_submit():
        requester = db.session.get(Organisation, form.requester.data)
        try:
            services.request_contact(current_user, requester, organisation, form.message.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your message has been sent to %(organisation)s. They will get in touch "
                    "with you.", organisation=organisation.display_name(select_locale())),
                  "success")
            return redirect(url_for("directory.profile", slug=organisation.slug))
    return _profile_page(organisation, form, status=422)


# A provider's own pages ---------------------------------------------------------------------


@bp.route("/orgs/<slug>/profile/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_profile(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_edit_profile, organisation)
    form = forms.profile_form(organisation, queries.all_specialties(),
                              queries.all_service_types(), select_locale())
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                organisation,
                listed=form.listed.data,
                capacity=form.capacity.data,
                contact_name=form.contact_name.data,
                contact_email=form.contact_email.data,
                contact_phone=form.contact_phone.data,
                specialties=form.specialties.data,
                service_types=form.service_types.data,
                logo=form.logo.data or None,
                remove_logo=form.remove_logo.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your directory profile has been saved."), "success")
            return redirect(url_for("directory.profile", slug=organisation.slug))
    status = 422 if form.is_submitted() else 200
    return render_template("directory/profile_edit.html", form=form, organisation=organisation,
                           profile=organisation.profile), status


@bp.route("/orgs/<slug>/contact-requests")
@guard(signed_in)
def contact_requests(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_view_contact_requests, organisation)
    page = paginate(queries.contact_requests_query(organisation))
    return render_template("directory/contact_requests.html", organisation=organisation,
                           page=page)


# The taxonomies (park office) ---------------------------------------------------------------


def _term_or_404(model: type[TaxonomyTerm], term_id: int) -> TaxonomyTerm:
    return found_or_404(db.session.get(model, term_id))


def _taxonomies_page(add_forms: dict | None = None, status: int = 200):
    add_forms = add_forms or {}
    return render_template(
        "directory/taxonomies.html",
        specialties=queries.all_specialties(),
        service_types=queries.all_service_types(),
        specialty_usage=queries.specialty_usage(),
        service_usage=queries.service_type_usage(),
        add_forms={name: add_forms.get(name) or forms.TermForm(prefix=name, formdata=None)
                   for name in TAXONOMIES},
    ), status


@bp.route("/admin/taxonomies")
@guard(can_manage_taxonomies)
def taxonomies():
    return _taxonomies_page()


@bp.route("/admin/taxonomies/<any(specialties, services):taxonomy>", methods=["POST"])
@guard(can_manage_taxonomies)
def create_term(taxonomy: str):
    form = forms.TermForm(prefix=taxonomy)
    if form.validate_on_submit():
        try:
            term = services.create_term(current_user, TAXONOMIES[taxonomy], code=form.code.data,
                                        name=form.name.data, name_zh=form.name_zh.data,
                                        position=form.position.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("“%(term)s” has been added.", term=term.display_name(select_locale())),
                  "success")
            return redirect(url_for("directory.taxonomies", _anchor=taxonomy))
    return _taxonomies_page({taxonomy: form}, status=422)


@bp.route("/admin/taxonomies/<any(specialties, services):taxonomy>/<int:term_id>/edit",
          methods=["GET", "POST"])
@guard(can_manage_taxonomies)
def edit_term(taxonomy: str, term_id: int):
    term = _term_or_404(TAXONOMIES[taxonomy], term_id)
    form = forms.TermForm(obj=term)
    if form.validate_on_submit():
        try:
            services.update_term(current_user, term, code=form.code.data, name=form.name.data,
                                 name_zh=form.name_zh.data, position=form.position.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("“%(term)s” has been saved.", term=term.display_name(select_locale())),
                  "success")
            return redirect(url_for("directory.taxonomies", _anchor=taxonomy))
    status = 422 if form.is_submitted() else 200
    return render_template("directory/term_edit.html", form=form, term=term, taxonomy=taxonomy,
                           usage=services.term_usage(term)), status


@bp.route("/admin/taxonomies/<any(specialties, services):taxonomy>/<int:term_id>/delete",
          methods=["POST"])
@guard(can_manage_taxonomies)
def delete_term(taxonomy: str, term_id: int):
    term = _term_or_404(TAXONOMIES[taxonomy], term_id)
    if ConfirmForm().validate_on_submit():
        name = term.display_name(select_locale())
        services.delete_term(current_user, term)
        flash(_("“%(term)s” has been deleted.", term=name), "info")
    return redirect(url_for("directory.taxonomies", _anchor=taxonomy))
