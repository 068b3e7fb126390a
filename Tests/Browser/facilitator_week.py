#!/usr/bin/env python3
"""A facilitator's week in a real browser (Debian's chromium through chromedriver and selenium),
against a running `pengingat serve`: log in as a pendamping, record a meeting's attendance and see
the motivation messages planned, open its attendance sheet and print it to PDF, read the month's
report and print it, compose a
broadcast, see its preview and then the log; log in as another pendamping and fail to reach the
first one's households and sheet, then change one's own password;
log in as the coordinator, add a facilitator's account, reset a password and revoke a script's
API token (the API then refuses it). A screenshot of each page at phone width (360 px) goes to
the folder given.

    facilitator_week.py BASE_URL SCREENSHOT_DIR
    (passwords in PENGINGAT_TEST_PASSWORD_SITI/_BUDI/_ADMIN, budi's API token in PENGINGAT_TEST_TOKEN)

Waits end when what they wait for has happened; their limits only end a hang.
"""
import base64
import math
import os
import re
import sys
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import Select, WebDriverWait

base, shots = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(shots, exist_ok=True)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


options = webdriver.ChromeOptions()
# Scrollbars hidden as a phone's overlay ones are: a desktop scrollbar takes 15 px of the
# 360, and the page's green bars showed stopping short of the right edge.
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=360,800",
                 "--hide-scrollbars"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# Only a guard against a hang: every wait ends as soon as what it waits for is there.
HANG = 300
driver.set_page_load_timeout(HANG)


def shot(name):
    # Nothing wider than the phone: a page wider than the screen scrolls sideways, and the
    # green bars at its top stop short of the right edge. (Chromium starts wider than asked.)
    driver.set_window_size(360, 800)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width == 360, name + " is exactly the phone's 360 px wide (" + str(width) + " px)")
    bars = driver.execute_script(
        "return Array.from(document.querySelectorAll('header, nav')).map(e => e.getBoundingClientRect().right)")
    check(all(right == 360 for right in bars), name + ": the green bars reach the right edge " + str(bars))
    # The whole page at phone width, however long.
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(360, min(max(height, 640), 6000))
    driver.save_screenshot(os.path.join(shots, name + ".png"))
    driver.set_window_size(360, 800)


def sign_in(login, password):
    driver.delete_all_cookies()
    driver.get(base + "/masuk")
    driver.find_element(By.ID, "nama").send_keys(login)
    driver.find_element(By.ID, "sandi").send_keys(password)
    driver.find_element(By.ID, "tombol-masuk").click()
    WebDriverWait(driver, HANG).until(lambda d: "/masuk" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".galat"))


def wait_for(element_id):
    return WebDriverWait(driver, HANG).until(until.presence_of_element_located((By.ID, element_id)))


def notice():
    return WebDriverWait(driver, HANG).until(until.presence_of_element_located((By.CSS_SELECTOR, ".info"))).text


def press(button):
    """Clicks a form's button and waits until the next page has replaced this one, so what is
    read next (a notice, the API) comes after the form was handled."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    WebDriverWait(driver, HANG).until(replaced(page))


def replaced(page):
    """Whether `page` (the old document's root) is gone. chromium answers a question about a
    node of a document being torn down either as stale or, mid-navigation, with the inspector
    error "Node with given id does not belong to the document": both mean it was replaced."""
    def check(_):
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return check


def submit(button_id):
    press(driver.find_element(By.ID, button_id))


def api_status(path, token):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=HANG) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


try:
    driver.get(base + "/masuk")
    shot("01-masuk")
    sign_in("siti", os.environ["PENGINGAT_TEST_PASSWORD_SITI"])
    check(wait_for("hari-2026-12-08") is not None and "Hari ini dan 7 hari ke depan" in driver.page_source, "Beranda after login")
    check(driver.execute_script("return document.documentElement.scrollWidth") <= 360, "Beranda fits 360 px")
    shot("02-beranda")

    driver.get(base + "/kelompok")
    shot("03-kelompok-daftar")
    driver.get(base + "/kelompok/KLP-01")
    check("Kehadiran" in driver.page_source, "group page offers attendance")
    shot("04-kelompok")
    # One tap per household: two absent, one excused.
    for household, choice in [("KPM-0001", "tidak_hadir"), ("KPM-0002", "tidak_hadir"), ("KPM-0004", "izin")]:
        radio = driver.find_element(By.CSS_SELECTOR, f'input[name="status_{household}"][value="{choice}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
        radio.find_element(By.XPATH, "..").click()
        check(radio.is_selected(), f"{household} marked {choice} with one tap")
    driver.find_element(By.NAME, "alasan_KPM-0004").send_keys("anak sakit")
    submit("simpan-kehadiran")
    saved = notice()
    check("Kehadiran tersimpan" in saved and "2 tidak hadir" in saved, "attendance saved: " + saved)
    check("3 pesan penyemangat direncanakan" in saved, "motivation messages planned")
    shot("05-kehadiran-tersimpan")

    # The meeting's printable attendance sheet, from the group page's link: readable on the
    # phone, and printed by chromium on A4, one page per 30 households.
    press(driver.find_element(By.ID, "cetak-daftar-hadir"))
    wait_for("lembar-1")
    households = len(driver.find_elements(By.CSS_SELECTOR, "tbody tr"))
    check("/pertemuan/KLP-01/2026-12/daftar-hadir" in driver.current_url and households == 25
          and "Kelompok Sauyunan" in driver.page_source and "Tanda tangan" in driver.page_source,
          f"the attendance sheet opens from the group page with the group's {households} households")
    shot("16-daftar-hadir")
    printing = PrintOptions()
    printing.page_width, printing.page_height = 21.0, 29.7
    pdf = base64.b64decode(driver.print_page(printing))
    with open(os.path.join(shots, "16-daftar-hadir.pdf"), "wb") as file:
        file.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    check(pages == math.ceil(households / 30), f"the sheet prints on {pages} A4 page(s) for {households} households")

    # The month's report from the menu: the meeting just recorded, its absent households and
    # their motivation messages; printed on A4.
    driver.get(base + "/")
    press(driver.find_element(By.LINK_TEXT, "Laporan"))
    wait_for("judul-laporan")
    report = driver.page_source
    check("Laporan Desember 2026" in report and "kelompok-KLP-01" in report and "Sari Wulandari" in report
          and "Pesan penyemangat: Dijadwalkan" in report, "the monthly report lists the meeting's absent households and their follow-up")
    check("/laporan/2026-12.csv" in report and "/laporan/2026-12.xlsx" in report, "the report offers its CSV and XLSX downloads")
    shot("17-laporan")
    pdf = base64.b64decode(driver.print_page(printing))
    with open(os.path.join(shots, "17-laporan.pdf"), "wb") as file:
        file.write(pdf)
    check(len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1, "the report prints on A4")

    driver.get(base + "/kpm/KPM-0001")
    check("Pesan penyemangat" in driver.page_source, "the household page lists its motivation message")
    shot("06-kpm")

    # The month's commitment verification, from the group page: one tap per member.
    driver.get(base + "/kelompok/KLP-01")
    press(driver.find_element(By.ID, "verifikasi-komitmen"))
    wait_for("form-verifikasi")
    check("November 2026" in driver.page_source, "in the first days of December the verification opens on November")
    driver.get(base + "/kelompok/KLP-01/verifikasi/2026-12")
    wait_for("form-verifikasi")
    radio = driver.find_element(By.CSS_SELECTOR, 'input[name="status_0"][value="tidak_memenuhi"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
    radio.find_element(By.XPATH, "..").click()
    check(radio.is_selected(), "a member marked not met with one tap")
    check(driver.execute_script("return document.documentElement.scrollWidth") <= 360, "the verification page fits 360 px")
    submit("simpan-verifikasi")
    verified = notice()
    check("Verifikasi tersimpan" in verified and "1 tidak memenuhi" in verified
          and "1 pesan tindak lanjut" in verified, "verification saved: " + verified)
    shot("18-verifikasi")

    driver.get(base + "/kirim")
    Select(driver.find_element(By.ID, "ke")).select_by_value("kelompok:KLP-01")
    driver.find_element(By.ID, "teks").send_keys("{{sapaan}} {{nama}}, pencairan bantuan PKH tahap 4 mulai Senin. Bawa KKS dan KTP.")
    driver.find_element(By.ID, "tombol-pratinjau").click()
    preview = wait_for("hasil-pratinjau").text
    check("nomor" in preview and "Rp" in preview, "broadcast preview with count and cost")
    shot("07-kirim-pratinjau")
    confirm = driver.find_element(By.NAME, "konfirmasi")
    if not confirm.is_selected():
        confirm.click()
    submit("tombol-kirim")
    queued = notice()
    check("Siaran dijadwalkan" in queued, "broadcast queued")
    shot("08-kirim-terkirim")

    # The dispatcher in `serve` sends through the file gateway: wait until the log shows it.
    seen = False
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        driver.get(base + "/log")
        if "siaran" in driver.page_source and ("Diterima gateway" in driver.page_source or "Sampai" in driver.page_source):
            seen = True
            break
        time.sleep(1)
    check(seen, "the broadcast's messages appear in the log, accepted by the gateway")
    shot("09-log")
    driver.get(base + "/balasan")
    shot("10-balasan")

    sign_in("budi", os.environ["PENGINGAT_TEST_PASSWORD_BUDI"])
    driver.get(base + "/kpm/KPM-0001")
    check("WEB01" in driver.page_source and "Sari Wulandari" not in driver.page_source,
          "another facilitator cannot reach the household")
    shot("11-kpm-orang-lain")
    driver.get(base + "/kelompok")
    check("KLP-01" not in driver.page_source, "another facilitator does not see the group")
    driver.get(base + "/pertemuan/KLP-01/2026-12/daftar-hadir")
    check("WEB01" in driver.page_source and "Sari Wulandari" not in driver.page_source,
          "another facilitator cannot open the group's attendance sheet")
    driver.get(base + "/laporan/2026-12")
    check("Laporan Desember 2026" in driver.page_source and "kelompok-KLP-01" not in driver.page_source
          and "Sari Wulandari" not in driver.page_source, "another facilitator's report holds only his own groups")

    # Budi changes his own password on the Akun page.
    budi_new = os.environ["PENGINGAT_TEST_PASSWORD_BUDI"] + "-baru"
    driver.get(base + "/akun")
    shot("12-akun")
    driver.find_element(By.ID, "sandi_lama").send_keys(os.environ["PENGINGAT_TEST_PASSWORD_BUDI"])
    driver.find_element(By.ID, "sandi_baru").send_keys(budi_new)
    driver.find_element(By.ID, "sandi_ulang").send_keys(budi_new)
    submit("tombol-ganti-sandi")
    check("Kata sandi sudah diganti" in notice(), "budi changed his own password")
    sign_in("budi", os.environ["PENGINGAT_TEST_PASSWORD_BUDI"])
    check("/masuk" in driver.current_url and "WEB12" in driver.page_source, "the old password no longer signs in")
    sign_in("budi", budi_new)
    check("/masuk" not in driver.current_url, "the new password signs in")

    # The coordinator adds a successor's account, resets budi's password and revokes his script's token.
    check(api_status("/api/v1/groups", os.environ["PENGINGAT_TEST_TOKEN"]) == 200, "budi's script token works before")
    sign_in("admin", os.environ["PENGINGAT_TEST_PASSWORD_ADMIN"])
    driver.get(base + "/akun/semua")
    check("skrip laporan" in driver.page_source and os.environ["PENGINGAT_TEST_TOKEN"] not in driver.page_source,
          "the token is listed by its label, never shown")
    shot("13-akun-semua")
    Select(driver.find_element(By.ID, "pendamping")).select_by_value("PDP-02")
    driver.find_element(By.ID, "nama").send_keys("rina")
    driver.find_element(By.ID, "nama_tampil").send_keys("Rina Marlina")
    driver.find_element(By.ID, "sandi").send_keys("rina-sandi-awal")
    driver.find_element(By.ID, "sandi_ulang").send_keys("rina-sandi-awal")
    submit("tombol-tambah-akun")
    check("Akun pendamping sudah dibuat" in notice(), "the coordinator added rina's account")
    check("Rina Marlina" in driver.page_source, "rina is in the list")
    shot("14-akun-ditambah")

    reset = driver.find_element(By.CSS_SELECTOR, "#akun-budi details")
    driver.execute_script("arguments[0].open = true; arguments[0].scrollIntoView({block: 'center'});", reset)
    driver.find_element(By.ID, "sandi-budi").send_keys("budi-dari-admin")
    driver.find_element(By.ID, "ulang-budi").send_keys("budi-dari-admin")
    press(reset.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("Kata sandi sudah diatur ulang" in notice(), "the coordinator reset budi's password")

    press(driver.find_element(By.XPATH, "//form[@action='/akun/token/cabut']//button"))
    check("Token dicabut" in notice(), "the coordinator revoked the token")
    check(api_status("/api/v1/groups", os.environ["PENGINGAT_TEST_TOKEN"]) == 401, "the API refuses the revoked token")
    shot("15-token-dicabut")

    sign_in("rina", "rina-sandi-awal")
    driver.get(base + "/kelompok")
    check("KLP-11" in driver.page_source and "KLP-01" not in driver.page_source, "rina sees PDP-02's groups only")
    sign_in("budi", "budi-dari-admin")
    check("/masuk" not in driver.current_url, "budi signs in with the password the coordinator set")
finally:
    driver.quit()

if failures:
    print(f"{len(failures)} browser check(s) failed", file=sys.stderr)
    sys.exit(1)
print("browser checks passed")
