import pytest

from hotline.core.tabular import TableError
from hotline.org.models import Company, Person, Role
from hotline.org.services import people_import

HEADER = "work_number,name,company,team,center,role,pinyin\n"


def test_people_are_created_with_their_units_and_a_login(db, tmp_path):
    p = tmp_path / "people.csv"
    p.write_text(
        HEADER
        + "8001,单田芳,单县有限公司,一组,廊坊中心,座席员,shan tian fang\n8200,钱质检,,,廊坊中心,质检员,\n"
    )
    result = people_import(path=p)
    assert result.created == 2
    agent = Person.objects.get(work_number="8001")
    assert agent.role == Role.AGENT and agent.company.name == "单县有限公司" and agent.user.username == "8001"
    assert agent.sort_key.startswith("shan")
    assert Person.objects.get(work_number="8200").role == Role.QA_MONITOR


def test_importing_again_changes_nothing(db, tmp_path):
    p = tmp_path / "people.csv"
    p.write_text(HEADER + "8001,张三,长沙有限公司,一组,廊坊中心,agent,\n")
    people_import(path=p)
    again = people_import(path=p)
    assert (again.created, again.unchanged) == (0, 1) and Company.objects.count() == 1


def test_an_unknown_role_names_the_row_and_imports_nothing(db, tmp_path):
    p = tmp_path / "people.csv"
    p.write_text(
        HEADER + "8001,张三,长沙有限公司,一组,廊坊中心,agent,\n8002,李四,长沙有限公司,一组,廊坊中心,boss,\n"
    )
    with pytest.raises(TableError, match="row 3, column role"):
        people_import(path=p)
    assert Person.objects.count() == 0


def test_a_gb18030_people_file(db, tmp_path):
    p = tmp_path / "people.csv"
    p.write_bytes(
        (HEADER + "8001,曾小贤,曾都有限公司,一组,黄岛中心,座席员,zeng xiao xian\n").encode("gb18030")
    )
    people_import(path=p)
    assert Person.objects.get().name == "曾小贤"


def test_an_administrator_gets_the_django_admin_and_others_do_not(db, tmp_path):
    p = tmp_path / "people.csv"
    p.write_text(HEADER + "8900,郑管理,,,廊坊中心,管理员,\n8001,张三,长沙有限公司,一组,廊坊中心,座席员,\n")
    people_import(path=p)
    assert Person.objects.get(work_number="8900").user.is_superuser
    assert not Person.objects.get(work_number="8001").user.is_staff


# --- issue 10: privileges follow the role; a work number never takes over another account --------


def test_re_importing_an_administrator_as_an_agent_drops_the_admin_rights_on_the_record(db, tmp_path):
    from hotline.org.models import AuditEntry

    p = tmp_path / "people.csv"
    p.write_text(HEADER + "8900,郑管理,,,廊坊中心,管理员,\n")
    people_import(path=p)
    p.write_text(HEADER + "8900,郑管理,长沙有限公司,一组,廊坊中心,座席员,\n")
    people_import(path=p)
    user = Person.objects.get(work_number="8900").user
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
    entry = AuditEntry.objects.get(action="people.import.privileges")
    assert entry.before == {"is_staff": True, "is_superuser": True}


def test_a_work_number_equal_to_an_existing_account_name_is_refused(db, tmp_path):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "s3cret-pass")
    p = tmp_path / "people.csv"
    p.write_text(HEADER + "8001,张三,长沙有限公司,一组,廊坊中心,座席员,\nadmin,冒名,,,廊坊中心,座席员,\n")
    with pytest.raises(TableError, match="row 3, column work_number"):
        people_import(path=p)
    admin.refresh_from_db()
    assert admin.is_superuser and admin.check_password("s3cret-pass") and not Person.objects.exists()
    kept = people_import(path=p, keep_good_rows=True)
    assert kept.created == 1 and [e.row for e in kept.errors] == [3]
    admin.refresh_from_db()
    assert admin.is_superuser and admin.check_password("s3cret-pass")


@pytest.mark.parametrize(
    "line",
    [
        "8001,张\x00三,长沙有限公司,一组,廊坊中心,座席员,",
        "8001," + "张" * 101 + ",长沙有限公司,一组,廊坊中心,座席员,",
        "8001,张三,长沙有限公司,一组," + "廊" * 80 + ",座席员,",
        "8" * 41 + ",张三,,,廊坊中心,座席员,",
    ],
)
def test_text_the_database_cannot_hold_is_a_row_error(db, tmp_path, line):
    p = tmp_path / "people.csv"
    p.write_text(HEADER + line + "\n")
    with pytest.raises(TableError, match="row 2"):
        people_import(path=p)
    assert not Person.objects.exists()


def test_refused_rows_read_in_each_readers_language(db, tmp_path):
    """Reasons are stored as source texts with parameters and translated when read (issue 11)."""
    from django.utils import translation

    p = tmp_path / "people.csv"
    p.write_text(
        HEADER
        + "8002,赵六,,,廊坊中心,老板,\n8001,张三,,,廊坊中心,座席员,\n8001,李四,,,廊坊中心,座席员,\n,王五,,,廊坊中心,座席员,\n"
    )
    with pytest.raises(TableError) as caught:
        people_import(path=p)
    errors = caught.value.errors
    with translation.override("zh-hans"):
        chinese = [e.render(translation.gettext) for e in errors]
    with translation.override("en"):
        english = [e.render(translation.gettext) for e in errors]
    assert (
        chinese[0] == "people.csv 第 2 行 role 列：未知的角色“老板”（如 座席员、质检员、agent、qa_monitor）"
    )
    assert "unknown role '老板'" in english[0] and "row 2" in english[0]
    assert any("already on row 3" in e for e in english) and any("已在第 3 行出现" in c for c in chinese)
    assert any("the work number is empty" in e or "empty work number" in e for e in english)
    assert not any("工号为空" in e for e in english)
