import logging

from recruitment_weeks.logging_filters import MaskPersonalData, mask


def test_mask_hides_mobile_email_and_id_numbers():
    text = "user 13912345678 wrote to li.ming@example.cn with id 11010519491231002X and uscc 91350100M000100Y43"
    assert mask(text) == "user 139****5678 wrote to l***@example.cn with id 110105********X and uscc 91350100M000100Y43"


def test_mask_leaves_ordinary_numbers_alone():
    assert mask("order 2020 took 1234 ms, 12345678901234 rows") == "order 2020 took 1234 ms, 12345678901234 rows"


def test_filter_masks_message_arguments():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "login failed username=%s", ("19987654321",), None)
    assert MaskPersonalData().filter(record) is True
    assert record.getMessage() == "login failed username=199****4321"
