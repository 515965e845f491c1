"""End to end in a real headless browser: `kommunebot serve` started as a user would, then ask, mark, pin."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.webserver import serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture
def server(built_index: Path, tmp_path: Path) -> Iterator[str]:
    """The page over the bundled corpus's index; yields its URL."""
    yield from serve(built_index, tmp_path)


@pytest.fixture
def law_server(law_index: Path, tmp_path: Path) -> Iterator[str]:
    """The page over the corpus and the law pack, as the product ships them; yields its URL."""
    yield from serve(law_index, tmp_path)


@pytest.fixture
def browser() -> Iterator:
    """Debian's chromium through chromium-driver, headless; a skip with the reason where absent."""
    if not CHROMIUM or not DRIVER:
        pytest.skip("no browser: install Debian's chromium and chromium-driver (.ci/run does)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def _replaced(page):
    """A wait condition: true once `page` (the old <html>) is gone.

    Selenium's staleness_of expects a stale-element error, but Chrome sometimes answers a
    detached node with an inspector error instead ("Node with given id does not belong to
    the document"); both mean the page was replaced.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_driver) -> bool:
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False
    return gone


def test_ask_mark_pin_and_a_paraphrase_gets_the_pinned_passage_first(server: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def submit(button) -> None:
        """Click a button and wait for the next page (every action is a plain form post or get)."""
        page = browser.find_element(By.TAG_NAME, "html")
        button.click()
        WebDriverWait(browser, 20).until(_replaced(page))

    def ask(question: str) -> None:
        box = browser.find_element(By.ID, "q")
        box.clear()
        box.send_keys(question)
        submit(browser.find_element(By.ID, "ask-button"))

    browser.get(server)
    ask("Hva er rådmannens ansvar?")
    passages = browser.find_elements(By.CSS_SELECTOR, "article.passage")
    slide = next(p for p in passages if "lysbilde 41" in p.text)
    chunk = slide.get_attribute("data-chunk")
    assert browser.find_element(By.ID, "confidence").text == "besvart"

    submit(slide.find_element(By.CSS_SELECTOR, "button[value=right]"))
    slide = browser.find_element(By.CSS_SELECTOR, f'article[data-chunk="{chunk}"]')
    assert "merket riktig" in slide.text

    slide.find_element(By.NAME, "name").send_keys("Kari Kursleder")
    submit(slide.find_element(By.CSS_SELECTOR, "button.pin"))
    assert "Festet" in browser.find_element(By.CSS_SELECTOR, ".flash").text

    ask("Hvilket ansvar har rådmannen?")
    first = browser.find_element(By.ID, "passage-1")
    assert first.get_attribute("data-chunk") == chunk
    assert "valgt av kursleder" in first.text and "lysbilde 41" in first.text

    submit(browser.find_element(By.ID, "nav-pins"))
    assert "Kari Kursleder" in browser.page_source and "brutt" not in browser.page_source


def _width(browser, width: int) -> None:
    """The viewport of a phone (390 px, mobile) or of a laptop (1280 px)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 844 if width < 600 else 900, "deviceScaleFactor": 1,
                             "mobile": width < 600})


def _overflow(browser) -> int:
    """How many CSS pixels the page is wider than the screen (0: nothing to scroll sideways)."""
    return int(browser.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"))


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_the_screen_and_slide_bullets_are_lines(server: str, browser, width: int,
                                                                tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    def submit(css: str) -> None:
        """Click the button at `css` once the page has settled, and wait for the page it leads to."""
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

        WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")
        page = browser.find_element(By.TAG_NAME, "html")
        for attempt in range(3):  # a page still being replaced (a redirect after a POST) detaches what was found
            try:
                browser.find_element(By.CSS_SELECTOR, css).click()
                break
            except (StaleElementReferenceException, WebDriverException):
                if attempt == 2:
                    raise
                WebDriverWait(browser, 20).until(
                    lambda b: b.execute_script("return document.readyState") == "complete")
                page = browser.find_element(By.TAG_NAME, "html")
        WebDriverWait(browser, 20).until(_replaced(page))
        WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")

    def check(name: str) -> None:
        browser.save_screenshot(str(shots / f"{name}-{width}.png"))
        assert _overflow(browser) <= 0, f"{name} at {width} px is {_overflow(browser)} px too wide"

    _width(browser, width)
    browser.get(server + "?q=Hva+er+r%C3%A5dmannens+ansvar%3F")
    first = browser.find_element(By.CSS_SELECTOR, "#passage-1 blockquote")
    lines = first.text.split("\n")  # the text as rendered: a line a bullet
    assert len(lines) >= 4 and any(line.startswith("Plikter å sørge for") for line in lines), lines
    check("ask")
    slide = browser.find_element(By.ID, "passage-1")
    slide.find_element(By.NAME, "name").send_keys("Kari Kursleder")
    submit("#passage-1 button.pin")

    browser.get(server + "review")
    questions = ["Hva gjør kontrollutvalget?", "Kan formannskapet delegere myndighet?", "Hva er KS?",
                 "Hvem er øverste arbeidsgiver i kommunen?", "Hva er rådmannens ansvar?",
                 "Hvordan bruke de økonomiske verktøyene?", "Hvem vant fotball-VM i 2018?"]
    browser.find_element(By.ID, "questions").send_keys("\n".join(questions))
    submit("#review-button")
    check("review")
    cell = browser.find_element(By.CSS_SELECTOR, "#row-5 .quote")
    assert len(cell.text.split("\n")) >= 4  # slide 41's bullets as lines in the review too
    submit("#row-6 button[value=right]")
    assert browser.execute_script("return location.hash") == "#row-6"
    row = browser.find_element(By.ID, "row-6")
    assert "on" in row.find_element(By.CSS_SELECTOR, "button.right").get_attribute("class")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", row)
    assert 0 <= top < browser.execute_script("return window.innerHeight")  # the row marked is on screen
    submit("#row-6 button.right")  # pressed again: the mark taken back
    pressed = browser.find_element(By.CSS_SELECTOR, "#row-6 button.right")
    assert "on" not in pressed.get_attribute("class") and pressed.get_attribute("aria-pressed") == "false"

    browser.get(server + "pins")
    check("pins")
    assert re.search(r"\d{1,2}\. desember|\d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d", browser.page_source)
    browser.get(server + "feedback")
    check("feedback")


# Each "§ N" of the citations on the page, and on how many lines it is shown (1: whole on one line).
SECTION_LINES = """
const out = [];
for (const cite of document.querySelectorAll('.cite')) {
  const walker = document.createTreeWalker(cite, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, found = /§\\s*\\d+(-\\d+)?/g;
    let m;
    while ((m = found.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      out.push([m[0], new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]);
    }
  }
}
return out;
"""


def test_a_citations_section_is_never_split_over_two_lines(law_server: str, browser) -> None:
    """On a phone the citation broke between "§" and its number at some widths ("— Lov om offentlighed i
    forvaltningen §" ending a line, "7 · Retsinformation" beginning the next)."""
    split: list[tuple[int, str]] = []
    seen = 0
    for question in ("Hvad+siger+offentlighedsloven+%C2%A7+7%3F", "Hvad+siger+styrelsesloven+%C2%A7+16+c%3F",
                     "Hvordan+s%C3%B8ker+jeg+fritak+fra+vervet+i+kommunestyret%3F"):
        browser.get(law_server + "?q=" + question)
        for width in range(300, 480, 3):
            _width(browser, width)
            shown = browser.execute_script(SECTION_LINES)
            seen += len(shown)
            split += [(width, section) for section, lines in shown if lines != 1]
    assert seen and not split, split


def test_the_keyboards_first_stop_is_a_visible_skip_link_to_the_content(server: str, browser) -> None:
    """Every page began with the menu a keyboard user had to Tab through, and a screen reader was told neither the
    menu's name nor which page was open: Tab first reaches "Hopp til innholdet", shown once it has the focus, Enter
    takes the focus into the page's content, and the menu is named and marks the open page."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def box(element) -> dict:
        return browser.execute_script("const r = arguments[0].getBoundingClientRect();"
                                      "return {w: r.width, h: r.height, top: r.top, left: r.left};", element)

    _width(browser, 390)
    browser.get(server + "review")  # no field takes the focus on load here, as the Ask page's question does
    skip = browser.find_element(By.ID, "skip")
    assert box(skip)["w"] <= 1 and box(skip)["h"] <= 1  # out of sight until it has the focus
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the first Tab on the page, as a keyboard user presses it
    focused = browser.switch_to.active_element
    assert focused == skip and focused.text == "Hopp til innholdet"
    shown = box(skip)
    assert shown["w"] > 40 and shown["h"] > 10 and shown["top"] >= 0 and shown["left"] >= 0, shown
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return location.hash") == "#content"
    assert browser.switch_to.active_element.get_attribute("id") == "content"
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the next stop is in the content, past the menu
    assert browser.execute_script("return document.querySelector('main').contains(document.activeElement)")

    nav = browser.find_element(By.TAG_NAME, "nav")
    assert nav.accessible_name == "Hovedmeny"
    assert browser.find_element(By.ID, "nav-review").get_attribute("aria-current") == "page"
    assert browser.find_element(By.ID, "nav-ask").get_attribute("aria-current") is None
