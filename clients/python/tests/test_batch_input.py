"""Batch input files read as the CLI reads them."""
import os
import tempfile
import unittest

from sieve_client.batch_input import file_items, iterable_items


class BatchInputFiles(unittest.TestCase):
    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return path

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def test_reads_jsonl_csv_and_txt(self):
        jsonl = self.write("a.jsonl", '{"text": "hi", "id": 7}\n\n{"text": "yo"}\n')
        self.assertEqual(list(file_items(jsonl)), [("7", "hi"), ("", "yo")])
        csv = self.write("a.csv", 'id,text\n1,"a, b"\n2,c\n')
        self.assertEqual(list(file_items(csv)), [("1", "a, b"), ("2", "c")])
        txt = self.write("a.txt", "one\n  \ntwo\r\n")
        self.assertEqual(list(file_items(txt)), [("", "one"), ("", "two")])

    def test_names_the_bad_line(self):
        bad = self.write("b.jsonl", '{"text": "ok"}\n{"txt": "no"}\n')
        with self.assertRaisesRegex(ValueError, r"b\.jsonl:2: \"text\" must be a string"):
            list(file_items(bad))
        with self.assertRaisesRegex(ValueError, "unknown input format"):
            list(file_items(self.write("c.xml", "")))

    def test_takes_strings_pairs_and_dicts_from_code(self):
        self.assertEqual(list(iterable_items(["a", ("x", "b"), {"id": 3, "text": "c"}])),
                         [("", "a"), ("x", "b"), ("3", "c")])


if __name__ == "__main__":
    unittest.main()
