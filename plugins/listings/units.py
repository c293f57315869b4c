"""Listing pages per reporting unit: /don-vi/{slug}/."""

from collections import defaultdict

from pelican.generators import Generator


class UnitsGenerator(Generator):
    """Writes one paginated listing per reporting unit, and the index of units."""

    def generate_context(self):
        by_unit = defaultdict(list)
        for article in self.context.get("articles", []):
            if unit := getattr(article, "unit", None):
                by_unit[unit].append(article)
        self.units = sorted(by_unit.items(), key=lambda item: item[0].name)
        self.context["units"] = self.units

    def generate_output(self, writer):
        template = self.get_template("unit")
        for unit, articles in self.units:
            writer.write_file(
                unit.save_as, template, self.context,
                unit=unit, articles=articles, dates=articles, url=unit.url,
                template_name="unit", blog=True, page_name=unit.page_name,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": articles, "dates": articles},
            )
        if self.settings.get("UNITS_SAVE_AS"):
            writer.write_file(self.settings["UNITS_SAVE_AS"], self.get_template("units"),
                              self.context, template_name="units", url=self.settings["UNITS_URL"],
                              relative_urls=self.settings["RELATIVE_URLS"])

