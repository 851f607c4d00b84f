window.YTD.tweets.part0 = [
  {"tweet": {"id_str": "1800000000000000001", "created_at": "Tue Jun 10 09:05:00 +0000 2025", "full_text": "وزیراعظم آج قوم سے خطاب کریں گے &amp; اہم اعلانات متوقع ہیں https://t.co/abc123", "entities": {"urls": [{"url": "https://t.co/abc123", "expanded_url": "https://news.example.pk/1001"}]}}},
  {"tweet": {"id_str": "1800000000000000002", "created_at": "Tue Jun 10 11:00:00 +0000 2025", "full_text": "بارش کے باعث موٹروے بند کر دی گئی۔", "entities": {"urls": []}}},
  {"tweet": {"id_str": "1800000000000000003", "created_at": "Tue Jun 10 12:00:00 +0000 2025", "full_text": ""}}
]
