"""Factories and role personas for service and page tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from hotline.org.models import Center, Company, Person, Role, Team

PASSWORD = "pw-test-1234"


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试中心{n}")
    code = factory.Sequence(lambda n: f"center-{n}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"测试{n}有限公司")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"{n}组")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"u{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    work_number = factory.Sequence(lambda n: str(7000 + n))
    name = factory.Sequence(lambda n: f"测试员{n}")
    role = Role.AGENT
    center = factory.SubFactory(CenterFactory)
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..work_number"))
