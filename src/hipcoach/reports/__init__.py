"""Files made for people and other programs: calendars, and later handouts and exports."""
