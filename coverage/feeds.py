from django.contrib.syndication.views import Feed


class CorrectionsRss(Feed):
    title = "Corrections"
    link = "/corrections/"

    def items(self):
        return []


CorrectionsAtom = OutletCorrectionsRss = OutletCorrectionsAtom = CorrectionsRss
StoryCorrectionsRss = StoryCorrectionsAtom = CorrectionsRss
