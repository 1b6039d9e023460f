from hotline.core.pinyin import pinyin_key_text, sort_key, syllables


def test_polyphones_in_place_names_read_as_places_do():
    assert syllables("长沙有限公司")[:2] == ("chang", "sha")
    assert syllables("重庆有限公司")[:2] == ("chong", "qing")
    assert syllables("单县有限公司")[:2] == ("shan", "xian")


def test_an_override_wins():
    assert syllables("曾都", "zeng du") == ("zeng", "du")


def test_syllables_compare_one_by_one():
    names = ["林", "李四", "李"]
    assert sorted(names, key=sort_key) == ["李", "李四", "林"]


def test_the_database_key_orders_like_the_python_key():
    names = ["林", "李四", "李", "长沙", "重庆", "阿三", "张三", "张"]
    assert sorted(names, key=pinyin_key_text) == sorted(names, key=sort_key)


def test_a_polyphone_surname_reads_as_a_surname_for_people():
    assert syllables("单田芳", kind="person")[0] == "shan"
    assert syllables("曾小贤", kind="person")[0] == "zeng"
